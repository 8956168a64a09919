namespace DeepColor.Cli.Batch;

/// <summary>
/// The outputs of one run: the jobs of its shard and the inputs of its shard that get no output. Colorize writes
/// these jobs and verify checks them, so both always agree on every name.
/// </summary>
internal sealed record BatchPlan(IReadOnlyList<BatchJob> Jobs, IReadOnlyList<Rejection> Rejected, int AllShardsInputs)
{
    /// <summary>Expands and names every input before the shard is taken, so a collision is settled the same way in every shard; null with a one-line reason for a usage error.</summary>
    public static BatchPlan? Make(BatchNaming naming, out string? problem)
    {
        problem = null;
        if (naming.Suffix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || naming.Suffix.Contains('/'))
        {
            problem = $"--suffix '{naming.Suffix}' contains characters not allowed in file names";
            return null;
        }
        var planner = new OutputPlanner(naming.Output, naming.Suffix, naming.Format);
        if (planner.ConflictWithFormat() is string conflict)
        {
            problem = conflict;
            return null;
        }
        var expansion = InputExpander.Expand(naming.Inputs, naming.Recursive, planner.LooksLikeOutput);
        if (expansion.Files.Count == 0)
        {
            problem = $"no images matched {string.Join(", ", naming.Inputs.Select(i => $"'{i}'"))}";
            return null;
        }
        if (planner.OutputIsFile && expansion.Files.Count > 1)
        {
            problem = $"-o {naming.Output} names one file but {expansion.Files.Count} images matched; give a folder instead";
            return null;
        }
        var (jobs, rejected) = planner.PlanAll(expansion.Files);
        var unmatched = expansion.Unmatched.Select(missing => new Rejection(missing, "no such file, folder or matching image"));
        return new BatchPlan(
            jobs.Where(j => naming.Shard.Contains(j.Input)).ToList(),
            [.. rejected.Where(r => r.Input is null || naming.Shard.Contains(r.Input)), .. unmatched],
            expansion.Files.Count);
    }
}
