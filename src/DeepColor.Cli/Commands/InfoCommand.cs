using System.CommandLine;
using DeepColor.Native;
using Spectre.Console;
using TorchSharp;

namespace DeepColor.Cli.Commands;

/// <summary><c>deepcolor info</c>: versions and the native-library status, for bug reports.</summary>
internal static class InfoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("info", "Show versions, the TorchSharp native-library status and the thread count.");
        command.SetAction(_ =>
        {
            TorchNative.EnsureLoadable();
            var table = new Table().AddColumn("item").AddColumn("value");
            table.AddRow("deepcolor", Markup.Escape(typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "?"));
            table.AddRow("native patch", Markup.Escape(TorchNative.Status));
            table.AddRow("libtorch threads", torch.get_num_threads().ToString());
            table.AddRow("cuda", torch.cuda.is_available() ? "available" : "not available");
            console.Write(table);
            return 0;
        });
        return command;
    }
}
