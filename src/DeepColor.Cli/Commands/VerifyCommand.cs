using System.Collections.Concurrent;
using System.CommandLine;
using DeepColor.Cli.Batch;
using DeepColor.Inference;
using Spectre.Console;

namespace DeepColor.Cli.Commands;

/// <summary>
/// <c>deepcolor verify INPUT... -o OUT</c>: given colorize's inputs and naming options, checks that every planned output
/// is there and whole (and, with manifests, made by this model and settings) without running the model, so an
/// archive split over many machines can be checked before the originals are put away.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var shared = new BatchOptions();
        var manifests = new Option<string[]>("--manifest")
        {
            Description = "Manifests written by colorize --manifest (give every shard's); each output must then be vouched for by one of them, made by this --model with these settings.",
            AllowMultipleArgumentsPerToken = true,
        };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Outputs checked in parallel.", DefaultValueFactory = _ => 2 };

        var command = new Command("verify", "Check, without running the model, that colorize's outputs for these inputs are all there, whole and current. Give it the inputs and options colorize was given.");
        shared.AddTo(command);
        command.Options.Add(manifests);
        command.Options.Add(jobs);
        command.SetAction(parse => Execute(console, new Request(
            new BatchNaming(shared.InputsOf(parse), parse.GetValue(shared.Output), parse.GetValue(shared.Suffix) ?? "", shared.FormatOf(parse), parse.GetValue(shared.Recursive), ShardSpec.All),
            parse.GetValue(shared.Shard),
            parse.GetValue(manifests) ?? [],
            parse.GetValue(shared.Model) ?? "default",
            new ColorizerOptions
            {
                RenderSize = parse.GetValue(shared.RenderSize), ExtractorPath = parse.GetValue(shared.ExtractorPath), Saturation = parse.GetValue(shared.Saturation),
                Upsampling = parse.GetValue(shared.Rendering.Upsampling), FlipAverage = parse.GetValue(shared.Rendering.FlipAverage),
            },
            parse.GetValue(shared.Quality),
            parse.GetValue(jobs))));
        return command;
    }

    internal sealed record Request(BatchNaming Naming, string? Shard, IReadOnlyList<string> Manifests, string Model, ColorizerOptions Options, int Quality, int Jobs);

    internal static int Execute(IAnsiConsole console, Request request)
    {
        string? problem = null;
        var shard = request.Shard is null ? ShardSpec.All : ShardSpec.Parse(request.Shard, out problem);
        if (shard is null) return Usage(console, problem!);
        if (request.Jobs is < 1 or > 64) return Usage(console, $"--jobs must be between 1 and 64 (got {request.Jobs})");
        var plan = BatchPlan.Make(request.Naming with { Shard = shard }, out problem);
        if (plan is null) return Usage(console, problem!);

        var verifier = request.Manifests.Count == 0 ? new OutputVerifier(null, null, request.Options, request.Quality) : OpenManifests(console, request);
        if (verifier is null) return ExitCodes.Usage;

        var findings = new ConcurrentBag<VerifyFinding>();
        Parallel.ForEach(plan.Jobs, new ParallelOptions { MaxDegreeOfParallelism = request.Jobs }, job =>
        {
            if (verifier.Check(job) is { } finding) findings.Add(finding);
        });
        foreach (var rejection in plan.Rejected) findings.Add(new VerifyFinding(OutputVerifier.Refused, rejection.File, rejection.Reason));

        var sorted = findings.OrderBy(f => f.File, StringComparer.Ordinal).ToList();
        foreach (var finding in sorted)
            console.MarkupLineInterpolated($"[red]{finding.Kind}[/] {finding.File}: {finding.Detail}");
        int count(string kind) => sorted.Count(f => f.Kind == kind);
        int complete = plan.Jobs.Count - sorted.Count(f => f.Kind != OutputVerifier.Refused);
        var line = $"{plan.Jobs.Count} outputs checked{(shard.Count > 1 ? $" (shard {shard})" : "")}: {complete} complete, {count(OutputVerifier.Missing)} missing, {count(OutputVerifier.Broken)} broken, {count(OutputVerifier.Stale)} stale";
        if (count(OutputVerifier.Refused) > 0) line += $", {count(OutputVerifier.Refused)} inputs without an output";
        console.MarkupLine($"[{(sorted.Count == 0 ? "green" : "red")}]{Markup.Escape(line)}[/]");
        return sorted.Count == 0 ? ExitCodes.Ok : ExitCodes.SomeFailed;
    }

    /// <summary>Reads every manifest and names the model, or prints a one-line reason and returns null.</summary>
    private static OutputVerifier? OpenManifests(IAnsiConsole console, Request request)
    {
        var entries = new List<ManifestEntry>();
        foreach (var path in request.Manifests)
        {
            try { entries.AddRange(ManifestReader.Read(path)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot read manifest {path}: {e.Message}");
                return null;
            }
        }
        return ModelIdentity.TryOf(request.Model, request.Options.ExtractorPath, console) is string model
            ? new OutputVerifier(ManifestReader.Latest(entries), model, request.Options, request.Quality)
            : null;
    }

    private static int Usage(IAnsiConsole console, string message) => UsageErrors.Report(console, message);
}
