using DeepColor.Model.Extractors;
using DeepColor.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepColor.Model;

/// <summary>
/// Averages the weights of several model files of one architecture into one network (a "model soup",
/// Wortsman et al. 2022). Fine-tunes that start from the same weights tend to stay in one basin, where their
/// mean often predicts better than any of them, at no extra inference cost.
/// </summary>
public static class WeightAveraging
{
    /// <summary>
    /// Loads <paramref name="paths"/> and returns a network holding their mean weights, with the first file's
    /// config changed by <paramref name="decoding"/>. Files may differ in how they decode, in the sizes they were
    /// trained at (see <see cref="ColorizerConfig.WithTrainingSizesOf"/>) and in their class head, which only
    /// training uses (a fine-tune on unlabelled photos has none): tensors that not every file holds alike, and
    /// integer buffers (batch-norm step counts), keep the first file's values. Listing a file twice gives it
    /// twice the weight.
    /// </summary>
    public static ColorizationNet Average(IReadOnlyList<string> paths, DecodeOverrides? decoding = null)
    {
        if (paths.Count == 0) throw new ArgumentException("give at least one model file to average", nameof(paths));
        var soup = WithImageNetStatistics(ColorizerModelFile.Load(paths[0], (decoding ?? DecodeOverrides.None).ApplyTo));
        try
        {
            // The running sums and the converted copies are scratch; the soup's own tensors predate the scope.
            using var scope = NewDisposeScope();
            var sums = soup.state_dict()
                .Where(kv => kv.Value.is_floating_point())
                .ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float64));
            var holders = sums.Keys.ToDictionary(name => name, _ => 1);
            var decode = DecodeOverrides.Of(soup.Config);
            foreach (var path in paths.Skip(1))
            {
                using var other = WithImageNetStatistics(ColorizerModelFile.Load(path));
                if (decode.ApplyTo(other.Config).WithTrainingSizesOf(soup.Config) with { NumClasses = soup.Config.NumClasses } != soup.Config)
                    throw new InvalidDataException($"{path}: its network differs from {paths[0]}'s (beyond decode settings and class head), so their weights cannot be averaged");
                foreach (var (name, tensor) in other.state_dict())
                {
                    if (!sums.TryGetValue(name, out var sum) || !sum.shape.SequenceEqual(tensor.shape)) continue;
                    sum.PlusInPlace(tensor.to(ScalarType.Float64));
                    holders[name]++;
                }
            }
            using (no_grad())
            {
                var target = soup.state_dict();
                foreach (var (name, sum) in sums)
                {
                    if (holders[name] == paths.Count) target[name].copy_(sum.DividedBy(paths.Count));
                }
            }
            return soup;
        }
        catch
        {
            soup.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An fp16 file written before fp32 fallback holds infinite running variances in a few frozen trunk channels,
    /// and a mean taken over an infinity stays infinite: the soup would silence those channels even for the files
    /// that kept them. So each file gets its ImageNet statistics back first, as <c>train --init</c> does.
    /// </summary>
    private static ColorizationNet WithImageNetStatistics(ColorizationNet net)
    {
        if (net is UNetColorizationNet unet)
        {
            try { OnnxTrunkWeights.RestoreOverflowedStatistics(unet.Trunk); }
            catch { net.Dispose(); throw; }
        }
        return net;
    }
}
