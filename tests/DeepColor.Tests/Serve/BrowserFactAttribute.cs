namespace DeepColor.Tests.Serve;

/// <summary>
/// A fact that drives a real Chromium. Playwright cannot download its own browsers here, so it uses Debian's
/// (<c>apt-get install chromium</c>, which .ci/run does); xunit 2 has no runtime skip, so the skip is decided here.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.Path is null) Skip = $"no Chromium to drive: none at {Browser.DefaultPath} and DEEPCOLOR_CHROMIUM is not set (apt-get install chromium)";
    }
}

/// <summary>Where the system's Chromium is.</summary>
internal static class Browser
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static string? Path =>
        Environment.GetEnvironmentVariable("DEEPCOLOR_CHROMIUM") is { Length: > 0 } given && File.Exists(given) ? given
        : File.Exists(DefaultPath) ? DefaultPath
        : null;
}
