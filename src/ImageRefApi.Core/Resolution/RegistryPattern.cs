namespace ImageRefApi.Core.Resolution;

/// <summary>
/// A registry allow-list entry: <c>host</c>, <c>host:port</c>, or <c>*.example.com[:port]</c>.
/// A pattern without a port matches only references without a port; a wildcard matches one or more
/// whole labels in front of the suffix (so <c>*.example.com</c> matches <c>a.example.com</c> and
/// <c>a.b.example.com</c> but neither <c>example.com</c> nor <c>badexample.com</c>). Case-insensitive.
/// </summary>
internal readonly record struct RegistryPattern(string Host, string? Port, bool Wildcard)
{
    /// <summary>Reads a pattern; false when it is empty or not a plausible host pattern.</summary>
    public static bool TryParse(string? text, out RegistryPattern pattern)
    {
        pattern = default;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        if (wildcard)
        {
            value = value[2..];
        }

        SplitHostPort(value, out var host, out var port);
        if (host.Length == 0 || !IsHostText(host) || (port is not null && !IsPort(port)) || (wildcard && host.StartsWith('[')))
        {
            return false;
        }

        pattern = new RegistryPattern(host.ToLowerInvariant(), port, wildcard);
        return true;
    }

    /// <summary>Whether a registry as written in a reference (<c>host[:port]</c>) matches.</summary>
    public bool Matches(string registry)
    {
        SplitHostPort(registry, out var host, out var port);
        if (!string.Equals(port, Port, StringComparison.Ordinal))
        {
            return false;
        }

        if (!Wildcard)
        {
            return host.Equals(Host, StringComparison.OrdinalIgnoreCase);
        }

        return host.Length > Host.Length + 1
            && host.EndsWith(Host, StringComparison.OrdinalIgnoreCase)
            && host[host.Length - Host.Length - 1] == '.'
            && host[0] != '.';
    }

    /// <summary>Splits <c>host[:port]</c>, keeping bracketed IPv6 literals whole.</summary>
    public static void SplitHostPort(string registry, out string host, out string? port)
    {
        var colon = registry.LastIndexOf(':');
        var bracketEnd = registry.LastIndexOf(']');
        if (colon > 0 && colon > bracketEnd && (bracketEnd >= 0 || registry.IndexOf(':') == colon))
        {
            host = registry[..colon];
            port = registry[(colon + 1)..];
        }
        else
        {
            host = registry;
            port = null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => (Wildcard ? "*." : string.Empty) + Host + (Port is null ? string.Empty : ":" + Port);

    private static bool IsPort(string port) =>
        port.Length is > 0 and <= 5 && int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 65535;

    private static bool IsHostText(string host)
    {
        if (host[0] == '[')
        {
            return host[^1] == ']' && System.Net.IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out _);
        }

        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
            {
                return false;
            }
        }

        return host[0] != '.' && host[^1] != '.';
    }
}

/// <summary>A list of <see cref="RegistryPattern"/>s.</summary>
internal sealed class RegistryPatternList
{
    private readonly RegistryPattern[] _patterns;

    public RegistryPatternList(IEnumerable<string>? entries)
    {
        var list = new List<RegistryPattern>();
        foreach (var entry in entries ?? [])
        {
            if (RegistryPattern.TryParse(entry, out var p))
            {
                list.Add(p);
            }
        }

        _patterns = [.. list];
    }

    public bool Matches(string registry)
    {
        foreach (var p in _patterns)
        {
            if (p.Matches(registry))
            {
                return true;
            }
        }

        return false;
    }
}
