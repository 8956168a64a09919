namespace DeepColor.Cli.Batch;

/// <summary>The <c>--format</c> choices.</summary>
internal enum OutputFormatChoice
{
    /// <summary>JPEG stays JPEG, PNG stays PNG, WebP stays WebP; inputs we cannot write (TIFF, BMP, GIF) become PNG.</summary>
    Same,
    Png,
    Jpg,
}
