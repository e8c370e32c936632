using System.Text.RegularExpressions;

namespace ImageRefApi.Benchmarks;

/// <summary>
/// The baseline the issue asks for: distribution/reference's expressions (reference/regexp.go) transcribed to .NET
/// source-generated regular expressions — with the .NET pitfalls avoided: <c>\z</c> rather than <c>$</c> (which
/// also matches before a final newline), ASCII classes rather than <c>\w</c>/<c>\d</c> (which match Unicode), no
/// POSIX classes — followed by the same normalisation as <c>ParseNormalizedNamed</c> and <c>ParseDockerRef</c>,
/// for Docker's and Podman's verdicts, the components, and canonical and familiar forms.
/// </summary>
public static partial class RegexBaseline
{
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string DomainName = DomainComponent + @"(?:\." + DomainComponent + ")*";
    private const string Ipv6 = @"\[(?:[a-fA-F0-9:]+)\]";
    private const string DomainAndPort = "(?:" + DomainName + "|" + Ipv6 + ")(?::[0-9]+)?";
    private const string PodmanDomainAndPort = DomainName + "(?::[0-9]+)?";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private const string Name = "(?:" + DomainAndPort + "/)?" + PathComponent + "(?:/" + PathComponent + ")*";
    private const string PodmanName = "(?:" + PodmanDomainAndPort + "/)?" + PathComponent + "(?:/" + PathComponent + ")*";

    [GeneratedRegex("^(" + Name + ")(?::(" + Tag + "))?(?:@(" + Digest + "))?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex("^(" + PodmanName + ")(?::(" + Tag + "))?(?:@(" + Digest + "))?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PodmanReference();

    [GeneratedRegex("^(?:(" + DomainAndPort + ")/)?(" + PathComponent + "(?:/" + PathComponent + ")*)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AnchoredName();

    [GeneratedRegex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AnchoredIdentifier();

    [GeneratedRegex("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoDigest();

    [GeneratedRegex("^[a-f0-9]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LowerHex();

    public sealed record Result(bool Valid, string? Error, bool PodmanValid, string? PodmanError, string? Registry, string? Repository, string? Tag, string? Digest, string? Canonical, string? Familiar);

    /// <summary>The baseline's validity check: the reference expression alone.</summary>
    public static bool IsMatch(string s) => Reference().IsMatch(s);

    public static Result Parse(string s)
    {
        var (dockerError, registry, repository, tag, digest) = ParseNormalizedNamed(s, podman: false);
        var (podmanError, _, _, _, _) = ParseNormalizedNamed(s, podman: true);
        if (dockerError is not null)
        {
            return new Result(false, dockerError, podmanError is null, podmanError, null, null, null, null, null, null);
        }

        var name = registry!.Length == 0 ? repository! : registry + "/" + repository;
        var canonical = digest is not null ? name + "@" + digest : name + ":" + (tag ?? "latest");
        var familiar = canonical;
        if (registry == "docker.io")
        {
            familiar = canonical[10..];
            if (repository!.StartsWith("library/", StringComparison.Ordinal) && repository.IndexOf('/', 8) < 0)
            {
                familiar = familiar[8..];
            }
        }

        return new Result(true, null, podmanError is null, podmanError, registry, repository, tag, digest, canonical, familiar);
    }

    private static (string? Error, string? Registry, string? Repository, string? Tag, string? Digest) ParseNormalizedNamed(string s, bool podman)
    {
        if (AnchoredIdentifier().IsMatch(s))
        {
            return ($"invalid repository name ({s}), cannot specify 64-byte hexadecimal strings", null, null, null, null);
        }

        string domain, remainder;
        var i = s.IndexOf('/', StringComparison.Ordinal);
        if (i == -1 || (s.AsSpan(0, i).IndexOfAny('.', ':') < 0 && s[..i] != "localhost" && (podman || s[..i].ToLowerInvariant() == s[..i])))
        {
            (domain, remainder) = ("docker.io", s);
        }
        else
        {
            (domain, remainder) = (s[..i], s[(i + 1)..]);
        }

        if (domain == "index.docker.io")
        {
            domain = "docker.io";
        }

        if (domain == "docker.io" && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = "library/" + remainder;
        }

        var sep = remainder.IndexOf(':', StringComparison.Ordinal);
        var remote = sep > -1 ? remainder[..sep] : remainder;
        if (remote.ToLowerInvariant() != remote)
        {
            return (podman ? "invalid reference format: repository name must be lowercase" : $"invalid reference format: repository name ({remote}) must be lowercase", null, null, null, null);
        }

        var full = domain + "/" + remainder;
        var match = (podman ? PodmanReference() : Reference()).Match(full);
        if (!match.Success)
        {
            var lower = (podman ? PodmanReference() : Reference()).IsMatch(full.ToLowerInvariant());
            return (lower ? (podman ? "invalid reference format: repository name must be lowercase" : "repository name must be lowercase") : "invalid reference format", null, null, null, null);
        }

        var nameText = match.Groups[1].Value;
        var nameMatch = AnchoredName().Match(nameText);
        var (registry, path) = nameMatch.Success && nameMatch.Groups[1].Success ? (nameMatch.Groups[1].Value, nameMatch.Groups[2].Value) : (string.Empty, nameText);
        if ((podman ? nameText.Length : path.Length) > 255)
        {
            return ("repository name must not be more than 255 characters", null, null, null, null);
        }

        var tag = match.Groups[2].Success ? match.Groups[2].Value : null;
        var digest = match.Groups[3].Success ? match.Groups[3].Value : null;
        if (digest is not null && ValidateDigest(digest) is { } digestError)
        {
            return (digestError, null, null, null, null);
        }

        return (null, registry, path, tag, digest);
    }

    private static string? ValidateDigest(string d)
    {
        var i = d.IndexOf(':', StringComparison.Ordinal);
        var algorithm = d[..i];
        var hex = d[(i + 1)..];
        var size = algorithm switch { "sha256" => 64, "sha384" => 96, "sha512" => 128, _ => 0 };
        if (size == 0)
        {
            return GoDigest().IsMatch(d) ? "unsupported digest algorithm" : "invalid checksum digest format";
        }

        return hex.Length != size ? "invalid checksum digest length" : LowerHex().IsMatch(hex) ? null : "invalid checksum digest format";
    }
}
