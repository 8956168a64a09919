using static TorchSharp.torch;

namespace DeepColor.Model.Networks;

/// <summary>What one forward pass yields; tensors belong to the caller's dispose scope.</summary>
/// <param name="Ab">Regression head: normalised a*b* (÷128, tanh) at full input size, [N,2,H,W].</param>
/// <param name="AbHalf">The same regression head before its 2× upsampling, [N,2,H/2,W/2]; decoding starts here.</param>
/// <param name="AbLogits">Bins head logits at half size, [N,Q,H/2,W/2], or null.</param>
/// <param name="ClassLogits">Global branch's image-class logits, [N,C], or null.</param>
public sealed record ColorizationOutput(Tensor Ab, Tensor AbHalf, Tensor? AbLogits, Tensor? ClassLogits);
