using System.CommandLine;
using DeepColor.Cli;
using Spectre.Console.Testing;

namespace DeepColor.Tests.Cli;

public sealed class CliAppTests
{
    [Theory]
    [InlineData(new[] { "--help" }, "deepcolor [command] [options]")]
    [InlineData(new[] { "colorize", "--help" }, "deepcolor colorize <INPUT>... [options]")]
    [InlineData(new[] { "models", "average", "-h" }, "deepcolor models average <models>... [options]")]
    public void Should_name_the_tool_as_users_type_it_in_usage_lines(string[] args, string usage)
    {
        var help = new StringWriter();

        int code = CliApp.Run(args, new TestConsole(), help);

        Assert.Equal(0, code);
        Assert.Contains("Usage:\n  " + usage, help.ToString().Replace("\r\n", "\n"));
        Assert.DoesNotContain(RootCommand.ExecutableName + " ", help.ToString());
    }

    [Fact]
    public void Should_rename_only_inside_the_usage_block()
    {
        const string help = "Description:\n  host tools\n\nUsage:\n  host colorize [options]\n\nOptions:\n  host  the host option\n";

        string renamed = CliApp.WithCommandName(help, "host");

        Assert.Equal("Description:\n  host tools\n\nUsage:\n  deepcolor colorize [options]\n\nOptions:\n  host  the host option\n", renamed);
    }
}
