namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>Where the real programs the resolution tests run live, and whether they are required.</summary>
internal static class ExternalTools
{
    public const string RegistryBinary = "/usr/bin/docker-registry";
    public const string HtpasswdBinary = "/usr/bin/htpasswd";
    public const string RedisBinary = "/usr/bin/redis-server";

    /// <summary>In CI every tool must be installed, so a missing one fails the tests instead of skipping them.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? SkipReason(bool registry, bool htpasswd, bool redis)
    {
        if (InCi)
        {
            return null;
        }

        var missing = new List<string>();
        if (registry && !File.Exists(RegistryBinary))
        {
            missing.Add($"{RegistryBinary} (apt-get install docker-registry)");
        }

        if (htpasswd && !File.Exists(HtpasswdBinary))
        {
            missing.Add($"{HtpasswdBinary} (apt-get install apache2-utils)");
        }

        if (redis && !File.Exists(RedisBinary))
        {
            missing.Add($"{RedisBinary} (apt-get install redis-server)");
        }

        return missing.Count == 0 ? null : "Skipped: not installed: " + string.Join(", ", missing) + ". With CI=true these tests fail instead.";
    }
}

/// <summary>A fact that needs the real docker-registry (and optionally htpasswd or redis-server); skipped when missing outside CI.</summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    public bool Htpasswd { get; set; }

    public bool Redis { get; set; }

    public override string Skip
    {
        get => base.Skip ?? ExternalTools.SkipReason(registry: true, Htpasswd, Redis)!;
        set => base.Skip = value;
    }
}

/// <summary>A theory that needs the real docker-registry; skipped when missing outside CI.</summary>
public sealed class RegistryTheoryAttribute : TheoryAttribute
{
    public bool Htpasswd { get; set; }

    public override string Skip
    {
        get => base.Skip ?? ExternalTools.SkipReason(registry: true, Htpasswd, redis: false)!;
        set => base.Skip = value;
    }
}
