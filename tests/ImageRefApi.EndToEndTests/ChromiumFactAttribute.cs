namespace ImageRefApi.EndToEndTests;

/// <summary>
/// A fact that needs Debian's Chromium. Without it the test is skipped with the reason, except in CI
/// (<c>CI=true</c>), where it runs and fails: a CI without the browser must not pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser; Playwright's own download cannot work here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        // xunit 2 has no dynamic skip, so the decision is made when the attribute is read.
        if (!File.Exists(ChromiumPath) && !IsCi)
        {
            Skip = $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium). " +
                "This end-to-end test is skipped here; with CI=true it runs and fails without the browser.";
        }
    }

    /// <summary>True when the CI variable is set to anything but false or 0.</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } value
        && !value.Equals("false", StringComparison.OrdinalIgnoreCase)
        && value != "0";
}
