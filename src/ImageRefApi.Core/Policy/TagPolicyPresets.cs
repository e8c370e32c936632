namespace ImageRefApi.Core.Policy;

/// <summary>The built-in policies. Configuration under <c>TagPolicy:&lt;name&gt;</c> overrides their keys one by
/// one and adds new policies.</summary>
public static class TagPolicyPresets
{
    /// <summary>Warns on latest, implicit latest, channels and floating versions; notes a missing digest.</summary>
    public const string Default = "default";

    /// <summary>For production: errors unless pinned by a digest or a full version (or a build identifier).</summary>
    public const string Strict = "strict";

    /// <summary>Syntax only.</summary>
    public const string Permissive = "permissive";

    /// <summary>A fresh, mutable copy of the presets, by case-insensitive name.</summary>
    public static IDictionary<string, TagPolicyRules> Create() =>
        new Dictionary<string, TagPolicyRules>(StringComparer.OrdinalIgnoreCase)
        {
            [Default] = new()
            {
                Description = "Warns on latest, implicit latest, channel tags and floating versions; notes when no digest pins the image.",
                DisallowLatest = true,
                DisallowChannels = true,
                MinPrecision = "patch",
                RequireDigest = true,
                Severity = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    [PolicyDiagnostics.LatestTag] = "warning",
                    [PolicyDiagnostics.ImplicitLatest] = "warning",
                    [PolicyDiagnostics.ChannelTag] = "warning",
                    [PolicyDiagnostics.FloatingVersion] = "warning",
                    [PolicyDiagnostics.UnversionedTag] = "info",
                    [PolicyDiagnostics.DigestMissing] = "info",
                },
                FailOn = "error",
            },
            [Strict] = new()
            {
                Description = "For production: an error unless pinned by a digest or a full version (or a commit, date or build number); errors on latest, channels, floating versions and pre-releases; short names and a missing digest are warnings.",
                DisallowLatest = true,
                DisallowChannels = true,
                MinPrecision = "patch",
                AllowPrerelease = false,
                RequireDigest = true,
                Severity = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    [PolicyDiagnostics.ShortName] = "warning",
                    [PolicyDiagnostics.DigestMissing] = "warning",
                },
                FailOn = "error",
            },
            [Permissive] = new()
            {
                Description = "Syntax only: any reference Docker accepts is compliant.",
                FailOn = "error",
            },
        };
}
