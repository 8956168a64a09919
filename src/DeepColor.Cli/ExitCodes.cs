namespace DeepColor.Cli;

/// <summary>Process exit codes shared by the batch commands.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int SomeFailed = 1;
    public const int Usage = CliApp.UsageError;

    /// <summary>128 + SIGINT, what shells expect after Ctrl-C.</summary>
    public const int Interrupted = 130;
}
