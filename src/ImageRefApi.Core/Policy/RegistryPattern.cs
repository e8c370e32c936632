using System.Diagnostics.CodeAnalysis;
using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Policy;

/// <summary>
/// One entry of <c>allowedRegistries</c>, <c>deniedRegistries</c> or an exemption's <c>match</c>, matched against
/// the canonical registry and repository of a reference:
/// <list type="bullet">
/// <item><c>host</c> or <c>host:port</c>: exactly that registry (a port makes it a different registry);
/// hosts compare case-insensitively and <c>index.docker.io</c> is <c>docker.io</c>.</item>
/// <item><c>*.example.com</c>: any subdomain of example.com at any depth, not example.com itself.</item>
/// <item>any of those followed by a path (<c>docker.io/library/</c>, <c>ghcr.io/acme</c>): that repository and
/// everything below it, whole path segments only. A trailing <c>/</c> or <c>/*</c> changes nothing.</item>
/// </list>
/// </summary>
internal sealed class RegistryPattern
{
    private RegistryPattern(string text, string host, string port, bool wildcard, string path)
    {
        Text = text;
        Host = host;
        Port = port;
        Wildcard = wildcard;
        Path = path;
        var pathSegments = path.Length == 0 ? 0 : path.AsSpan().Count('/') + 1;
        // Deeper paths are more specific; at the same depth an exact host beats any wildcard, and a wildcard
        // with more labels beats one with fewer.
        Specificity = (pathSegments * 1024) + (wildcard ? host.AsSpan().Count('.') + 1 : 512);
    }

    /// <summary>The entry as written.</summary>
    public string Text { get; }

    /// <summary>Lowercase host without port; for a wildcard, the suffix after <c>*.</c>.</summary>
    public string Host { get; }

    /// <summary>The port digits, or empty.</summary>
    public string Port { get; }

    public bool Wildcard { get; }

    /// <summary>The repository path prefix without surrounding slashes, or empty for the whole registry.</summary>
    public string Path { get; }

    /// <summary>Higher is more specific; the longest match decides.</summary>
    public int Specificity { get; }

    public bool HasPath => Path.Length > 0;

    /// <summary>Reads an entry; <paramref name="error"/> says what is wrong and how to write it.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RegistryPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "is empty; expected a registry such as registry.example.com, host:5000, *.example.com or ghcr.io/acme/";
            return false;
        }

        if (text.AsSpan().ContainsAny(" \t\r\n"))
        {
            error = $"'{text}' contains white space";
            return false;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            error = $"'{text}' has a URL scheme; write the registry alone, e.g. {text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..]}";
            return false;
        }

        var body = text.AsSpan();
        if (body.EndsWith("/*", StringComparison.Ordinal))
        {
            body = body[..^2];
        }
        else if (body.EndsWith('/'))
        {
            body = body[..^1];
        }

        var slash = body.IndexOf('/');
        var hostPart = slash < 0 ? body : body[..slash];
        var pathPart = slash < 0 ? [] : body[(slash + 1)..];

        var wildcard = hostPart.StartsWith("*.", StringComparison.Ordinal);
        var hostBody = wildcard ? hostPart[2..] : hostPart;
        if (hostBody.Contains('*') || pathPart.Contains('*'))
        {
            error = $"'{text}' has a wildcard that is not '*.' at the start of the host; write *.example.com to match subdomains at a label boundary";
            return false;
        }

        if (pathPart.ContainsAny(":@"))
        {
            error = $"'{text}' contains a tag or digest; an entry names a registry and optionally a repository path";
            return false;
        }

        // Let the reference grammar judge the host: it must be what Docker reads as a registry.
        var probeHost = wildcard ? string.Concat("x.", hostBody) : hostBody.ToString();
        var probe = string.Concat(probeHost, "/", pathPart.Length == 0 ? "x" : pathPart);
        if (!ImageReference.TryParse(probe, out var parsed) || parsed.RegistryImplicit || parsed.Registry.Length == 0)
        {
            error = pathPart.Length > 0 && ImageReference.TryParse(string.Concat(probeHost, "/x"), out var hostOnly) && !hostOnly.RegistryImplicit
                ? $"'{text}' has an invalid repository path '{pathPart}' (lowercase letters, digits and . _ - separators between '/')"
                : hostBody.Length > 0 && hostBody.IndexOfAny('.', ':') < 0 && !hostBody.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                    ? $"'{hostBody}' is not a registry host (Docker needs a '.', a ':port' or 'localhost'); for the Docker Hub namespace write docker.io/{hostBody}/, for the official image docker.io/library/{hostBody}"
                    : $"'{text}' is not a registry host Docker accepts";
            return false;
        }

        var registry = parsed.Registry.ToLowerInvariant();
        if (wildcard)
        {
            registry = registry[2..];
        }

        var colon = registry.LastIndexOf(':');
        var port = colon >= 0 && colon > registry.LastIndexOf(']') ? registry[(colon + 1)..] : string.Empty;
        var host = port.Length > 0 ? registry[..colon] : registry;
        if (!wildcard && host == ReferenceGrammar.LegacyDefaultDomain)
        {
            host = ReferenceGrammar.DefaultDomain;
        }

        pattern = new RegistryPattern(text, host, port, wildcard, pathPart.ToString());
        error = null;
        return true;
    }

    /// <summary>Whether the registry (host and port) matches, ignoring the path.</summary>
    public bool MatchesRegistry(string registry)
    {
        var colon = registry.LastIndexOf(':');
        var hasPort = colon >= 0 && colon > registry.LastIndexOf(']');
        var host = hasPort ? registry.AsSpan(0, colon) : registry.AsSpan();
        var port = hasPort ? registry.AsSpan(colon + 1) : [];
        if (!port.SequenceEqual(Port))
        {
            return false;
        }

        if (!Wildcard)
        {
            return host.Equals(Host, StringComparison.OrdinalIgnoreCase)
                || (Host == ReferenceGrammar.DefaultDomain && host.Equals(ReferenceGrammar.LegacyDefaultDomain, StringComparison.OrdinalIgnoreCase));
        }

        // At least one label, then a dot, then the suffix: the dot keeps evilexample.com out of *.example.com.
        return host.Length > Host.Length + 1
            && host.EndsWith(Host, StringComparison.OrdinalIgnoreCase)
            && host[host.Length - Host.Length - 1] == '.';
    }

    /// <summary>Whether a canonical registry and repository match this entry.</summary>
    public bool Matches(string registry, string repository)
    {
        if (!MatchesRegistry(registry))
        {
            return false;
        }

        if (Path.Length == 0)
        {
            return true;
        }

        // Whole segments: docker.io/library must not match docker.io/library-evil.
        return repository.StartsWith(Path, StringComparison.Ordinal)
            && (repository.Length == Path.Length || repository[Path.Length] == '/');
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
