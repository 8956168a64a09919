namespace DeepColor.Model.Extractors;

/// <summary>What a classifier's output vector holds.</summary>
public enum OutputKind
{
    /// <summary>Unnormalised scores.</summary>
    Logits,

    /// <summary>Probabilities summing to one.</summary>
    Softmax,

    /// <summary>Pooled features of a trunk without a classifier, used as they are.</summary>
    Features,
}
