namespace DeepColor.Inference;

/// <summary>One file of <see cref="Colorizer.ColorizeMany(IEnumerable{string}, IProgress{double}?, CancellationToken)"/>: a result or the reason it failed.</summary>
public sealed record ColorizeBatchItem(string Path, ColorizeResult? Result, Exception? Error)
{
    public bool Succeeded => Result is not null;
}
