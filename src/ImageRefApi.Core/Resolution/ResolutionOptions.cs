using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Resolution;

/// <summary>Settings of the registry resolver (configuration section <c>Resolution</c>).</summary>
public sealed class ResolutionOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Resolution";

    /// <summary>Off by default: nothing is ever fetched unless this is true.</summary>
    public bool Enabled { get; set; }

    /// <summary>Registries that may be contacted: <c>host</c>, <c>host:port</c> or <c>*.example.com</c>.</summary>
    public IList<string> AllowedRegistries { get; } = [];

    /// <summary>Registries reached over plain HTTP instead of HTTPS (same pattern syntax).</summary>
    public IList<string> InsecureRegistries { get; } = [];

    /// <summary>Permits connections to loopback, private and link-local addresses. Metadata endpoints stay refused.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Budget for one whole resolution (every request, token fetch and redirect), in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Budget for establishing one TCP connection, in seconds (capped by <see cref="TimeoutSeconds"/>).</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>Largest manifest or index body accepted, in bytes.</summary>
    public int MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest tag list, token or error body accepted, in bytes.</summary>
    public int MaxAuxiliaryBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a tag lookup is cached, in seconds (tags move).</summary>
    public int TagCacheSeconds { get; set; } = 60;

    /// <summary>How long a digest lookup is cached, in seconds (content-addressed, so long).</summary>
    public int DigestCacheSeconds { get; set; } = 24 * 60 * 60;

    /// <summary>How many distinct references one batch request resolves at the same time.</summary>
    public int MaxConcurrentResolutions { get; set; } = 4;

    /// <summary>Whether a missing tag is followed by a tag listing to suggest nearby tags.</summary>
    public bool SuggestNearbyTags { get; set; } = true;

    /// <summary>Basic credentials per registry, from configuration only (never from a request).</summary>
    public IList<RegistryCredential> Credentials { get; } = [];
}

/// <summary>A username and password for one registry (as written in references, e.g. <c>ghcr.io</c> or <c>host:5000</c>).</summary>
public sealed class RegistryCredential
{
    /// <summary>The registry, exactly as written in references (<c>docker.io</c> for Docker Hub).</summary>
    public string Registry { get; set; } = string.Empty;

    /// <summary>The user name.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>The password or access token.</summary>
    public string Password { get; set; } = string.Empty;
}

/// <summary>Validates <see cref="ResolutionOptions"/> at start-up.</summary>
internal sealed class ResolutionOptionsValidator : IValidateOptions<ResolutionOptions>
{
    public ValidateOptionsResult Validate(string? name, ResolutionOptions options)
    {
        var failures = new List<string>();
        if (options.TimeoutSeconds is < 1 or > 300)
        {
            failures.Add("Resolution:TimeoutSeconds must be between 1 and 300.");
        }

        if (options.ConnectTimeoutSeconds is < 1 or > 300)
        {
            failures.Add("Resolution:ConnectTimeoutSeconds must be between 1 and 300.");
        }

        if (options.MaxManifestBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("Resolution:MaxManifestBytes must be between 1024 and 67108864.");
        }

        if (options.MaxAuxiliaryBytes is < 1024 or > 64 * 1024 * 1024)
        {
            failures.Add("Resolution:MaxAuxiliaryBytes must be between 1024 and 67108864.");
        }

        if (options.MaxConcurrentResolutions is < 1 or > 64)
        {
            failures.Add("Resolution:MaxConcurrentResolutions must be between 1 and 64.");
        }

        if (options.TagCacheSeconds < 0 || options.DigestCacheSeconds < 0)
        {
            failures.Add("Resolution:TagCacheSeconds and Resolution:DigestCacheSeconds must not be negative.");
        }

        CheckPatterns(options.AllowedRegistries, "AllowedRegistries", failures);
        CheckPatterns(options.InsecureRegistries, "InsecureRegistries", failures);
        if (options.Enabled && options.AllowedRegistries.Count == 0)
        {
            failures.Add("Resolution:Enabled is true but Resolution:AllowedRegistries is empty; list the registries that may be contacted.");
        }

        for (var i = 0; i < options.Credentials.Count; i++)
        {
            var c = options.Credentials[i];
            if (c is null || !RegistryPattern.TryParse(c.Registry, out var p) || p.Wildcard)
            {
                failures.Add($"Resolution:Credentials:{i}:Registry must be a registry host[:port] without wildcard.");
            }
            else if (string.IsNullOrEmpty(c.Username) || string.IsNullOrEmpty(c.Password))
            {
                failures.Add($"Resolution:Credentials:{i} needs both Username and Password.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPatterns(IList<string> patterns, string key, List<string> failures)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (!RegistryPattern.TryParse(patterns[i], out _))
            {
                failures.Add($"Resolution:{key}:{i} ('{patterns[i]}') is not a host, host:port or *.domain pattern.");
            }
        }
    }
}
