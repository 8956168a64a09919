using DeepColor.Evaluation;
using DeepColor.Imaging;
using DeepColor.Model;
using DeepColor.Model.Networks;
using DeepColor.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Tests.Model;

/// <summary>The seed project's first experiment: the network must be able to memorise one image.</summary>
public sealed class OverfitOneImageTests
{
    [Fact]
    public void Should_memorise_one_colourful_image_with_adam_and_mse()
    {
        // Given one synthetic 48×48 picture (shapes over a gradient), its L* input and a*b* target,
        // and the seed network (quarter width, to keep CI fast) fed a fixed random embedding. Weights and
        // embedding come from generators of their own: tests running in parallel advance libtorch's global
        // one, and from an unlucky draw 200 steps did not always reach the 20× below.
        var truth = SyntheticImages.Shapes(48, 48, seed: 5);
        var lab = LabImage.FromRgba(truth);
        using var scope = NewDisposeScope();
        var l = tensor(lab.L.Select(LabNormalization.NormalizeL).ToArray(), [1, 1, 48, 48]);
        var ab = tensor(lab.A.Concat(lab.B).Select(LabNormalization.NormalizeAb).ToArray(), [1, 2, 48, 48]);
        var random = new Random(11);
        var embedding = tensor(Enumerable.Range(0, 1000).Select(_ => random.NextSingle()).ToArray(), [1, 1000]);
        using var net = ColorizationNet.Create(ColorizerConfig.Seed("mobilenetv2", 1000) with { WidthMultiplier = 0.25 }, seed: 11);
        using var optimizer = optim.Adam(net.parameters(), 1e-3);
        net.train();

        // When it is trained on that image alone.
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(net.forward(l, embedding).Ab, ab);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
        }

        // Then the loss falls at least 20× and the colours come back far better than gray.
        Assert.True(first / last >= 20, $"loss fell only {first / last:F1}× ({first:G3} → {last:G3})");
        net.eval();
        float[] predicted;
        using (no_grad()) predicted = net.PredictAb(l, embedding).data<float>().ToArray();
        var restored = new LabImage(48, 48);
        lab.L.CopyTo(restored.L, 0);
        for (int i = 0; i < 48 * 48; i++)
        {
            restored.A[i] = LabNormalization.DenormalizeAb(predicted[i]);
            restored.B[i] = LabNormalization.DenormalizeAb(predicted[48 * 48 + i]);
        }
        var gray = new LabImage(48, 48);
        lab.L.CopyTo(gray.L, 0);
        double model = Psnr.Compute(restored.ToRgba(), truth), baseline = Psnr.Compute(gray.ToRgba(), truth);
        Assert.True(model >= baseline + 10, $"PSNR {model:F1} dB vs gray {baseline:F1} dB");
    }
}
