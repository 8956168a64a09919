using System.CommandLine;
using DeepColor.Cli.Commands;
using DeepColor.Inference;
using DeepColor.Tests.Inference;
using Spectre.Console.Testing;

namespace DeepColor.Tests.Cli;

/// <summary>Runs the colorize/bench commands in-process with a fake model, as CliApp.Run would (parse errors → 2).</summary>
internal sealed class CliHarness
{
    // Wide enough that a one-line error naming a long temp path never wraps.
    public TestConsole Console { get; } = new TestConsole().Width(400);
    public List<FakeAbPredictor> Models { get; } = [];
    public List<ColorizerOptions> LoadOptions { get; } = [];
    public Func<FakeAbPredictor> NewModel { get; set; } = () => new FakeAbPredictor();

    public int TotalModelCalls => Models.Sum(m => m.Calls.Count);

    public Colorizer Factory(string model, ColorizerOptions options)
    {
        if (model != "default") throw new FileNotFoundException($"model file not found: {model}");
        var fake = NewModel();
        Models.Add(fake);
        LoadOptions.Add(options);
        return FakeAbPredictor.CreateColorizer(fake, options);
    }

    public int Colorize(params string[] args) => Invoke(ColorizeCommand.Create(Console, Factory), args);

    public int Verify(params string[] args) => Invoke(VerifyCommand.Create(Console), args);

    public int Bench(params string[] args) => Invoke(BenchCommand.Create(Console, Factory), args);

    public string Output => Console.Output;

    private static int Invoke(Command command, string[] args)
    {
        var root = new RootCommand { command };
        var parse = root.Parse(args);
        return parse.Errors.Count > 0 ? 2 : parse.Invoke();
    }
}
