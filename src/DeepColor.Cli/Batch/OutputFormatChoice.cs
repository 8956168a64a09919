namespace DeepColor.Cli.Batch;

/// <summary>The <c>--format</c> choices.</summary>
internal enum OutputFormatChoice
{
    /// <summary>JPEG for JPEG inputs, PNG for everything else.</summary>
    Same,
    Png,
    Jpg,
}
