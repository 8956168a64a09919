namespace DeepColor.Training;

/// <summary>
/// The layout of one run: <c>runs/&lt;utc&gt;-&lt;arch&gt;-&lt;name&gt;/</c> with options.json, checkpoints/,
/// metrics.jsonl, samples/, log.txt and the exported model.
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }
    public string Options => Path.Combine(Root, "options.json");
    public string Checkpoints => Path.Combine(Root, "checkpoints");
    public string LastCheckpoint => Path.Combine(Checkpoints, "last.ckpt");
    public string BestCheckpoint => Path.Combine(Checkpoints, "best.ckpt");

    /// <summary>The adversarial term's critic and its optimiser, saved with every last.ckpt (train --adversarial-weight).</summary>
    public string CriticCheckpoint => Path.Combine(Checkpoints, "critic.ckpt");
    public string Metrics => Path.Combine(Root, "metrics.jsonl");
    public string Log => Path.Combine(Root, "log.txt");
    public string Samples => Path.Combine(Root, "samples");
    public string LossCurve => Path.Combine(Root, "loss.png");
    public string Model => Path.Combine(Root, "model" + DeepColor.Model.Serialization.ModelFile.Extension);
    public string ModelConfig => Path.Combine(Root, "model-config.json");

    public static RunFolder CreateNew(string runsDir, string arch, string name)
    {
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
        var folder = new RunFolder(Path.Combine(runsDir, $"{stamp}-{arch}-{name}"));
        Directory.CreateDirectory(folder.Checkpoints);
        Directory.CreateDirectory(folder.Samples);
        return folder;
    }

    public void AppendLog(string line) => File.AppendAllText(Log, $"{DateTime.UtcNow:O} {line}{Environment.NewLine}");
}
