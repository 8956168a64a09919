using DeepColor.Imaging;

namespace DeepColor.Evaluation;

/// <summary>
/// One picture of an evaluation: for each image, gray | model | truth side by side, the images in a grid read left
/// to right, top to bottom. It takes the report's first rows in the data set's order, so what it shows was not
/// picked by hand; a model card can say "the first 12 of BSDS500 val" and anyone can rebuild it.
/// </summary>
public sealed class ContactSheet
{
    /// <summary>How many images a sheet shows unless told otherwise.</summary>
    public const int DefaultCount = 12;

    private const int InnerGap = 2;
    private readonly int _columns;
    private readonly int _gap;

    /// <param name="columns">Images (each a gray | model | truth triple) per row of the sheet.</param>
    /// <param name="gap">White space between triples and around the sheet, in pixels.</param>
    public ContactSheet(int columns = 2, int gap = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        _columns = columns;
        _gap = gap;
    }

    /// <summary>
    /// Lays out the first <paramref name="count"/> rows of <paramref name="report"/> that kept thumbnails (the
    /// evaluator keeps them for its first rows only). Throws when none did.
    /// </summary>
    public RgbaImage Compose(EvaluationReport report, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var triples = report.Images
            .Where(r => r.Thumbnails is not null)
            .Take(count)
            .Select(r => Decode(r.Name, r.Thumbnails!))
            .ToList();
        if (triples.Count == 0) throw new InvalidOperationException("no evaluated image kept a thumbnail for the contact sheet");

        int cellWidth = triples.Max(t => t.Sum(i => i.Width) + 2 * InnerGap);
        int cellHeight = triples.Max(t => t.Max(i => i.Height));
        int columns = Math.Min(_columns, triples.Count);
        int rows = (triples.Count + columns - 1) / columns;
        var sheet = new RgbaImage(columns * cellWidth + (columns + 1) * _gap, rows * cellHeight + (rows + 1) * _gap);
        Array.Fill(sheet.Pixels, (byte)255);
        for (int k = 0; k < triples.Count; k++)
        {
            int x = _gap + k % columns * (cellWidth + _gap);
            int y = _gap + k / columns * (cellHeight + _gap);
            foreach (var image in triples[k])
            {
                sheet.Paste(image, x, y);
                x += image.Width + InnerGap;
            }
        }
        return sheet;
    }

    private static RgbaImage[] Decode(string name, RowThumbnails t) =>
    [
        ImageDecoder.Decode(t.Gray, name + " (gray)"),
        ImageDecoder.Decode(t.Prediction, name + " (model)"),
        ImageDecoder.Decode(t.Truth, name + " (truth)"),
    ];
}
