namespace DeepColor.Data;

/// <summary>
/// Picks <c>min(wanted, total)</c> of <c>total</c> items in one ordered pass, spread evenly: item i is
/// taken when ⌊(i+1)·wanted/total⌋ steps past ⌊i·wanted/total⌋.
/// </summary>
public sealed class EvenSubset(long wanted, long total)
{
    private long _index;

    public bool Next()
    {
        long i = _index++;
        if (wanted >= total) return true;
        return (i + 1) * wanted / total > i * wanted / total;
    }
}
