namespace ImageRefApi.Core.Scanning;

/// <summary>Recognises the kind of a file for <see cref="ScanKind.Auto"/>.</summary>
internal static class KindDetector
{
    private static readonly string[] DockerfileKeywords =
    [
        "FROM", "ARG", "RUN", "COPY", "ADD", "ENV", "LABEL", "WORKDIR", "USER", "EXPOSE", "CMD", "ENTRYPOINT",
        "VOLUME", "SHELL", "HEALTHCHECK", "ONBUILD", "STOPSIGNAL", "MAINTAINER",
    ];

    /// <summary>Well-known file names decide first (Compose and Dockerfile names are conventional; manifests are not).</summary>
    public static ScanKind? FromPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var slash = path.AsSpan().LastIndexOfAny('/', '\\');
        var name = path[(slash + 1)..].ToLowerInvariant();
        if (name is "dockerfile" or "containerfile" || name.StartsWith("dockerfile.", StringComparison.Ordinal)
            || name.StartsWith("containerfile.", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.Ordinal)
            || name.EndsWith(".containerfile", StringComparison.Ordinal))
        {
            return ScanKind.Dockerfile;
        }

        var yaml = name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal);
        if (yaml && (name.StartsWith("docker-compose", StringComparison.Ordinal) || name.StartsWith("compose", StringComparison.Ordinal)))
        {
            return ScanKind.Compose;
        }

        return null;
    }

    /// <summary>
    /// A Dockerfile starts (after comments) with an instruction keyword and a blank; YAML is then parsed and its
    /// documents looked at: a <c>services</c> mapping is Compose, <c>apiVersion</c> with <c>kind</c> is Kubernetes.
    /// </summary>
    public static ScanKind FromContent(string content, out YamlDocuments? yaml)
    {
        yaml = null;
        if (LooksLikeDockerfile(content))
        {
            return ScanKind.Dockerfile;
        }

        yaml = YamlDocuments.Parse(content);
        foreach (var root in yaml.Roots)
        {
            if (root is not YamlMapping map)
            {
                continue;
            }

            if (map.Get("services") is YamlMapping)
            {
                return ScanKind.Compose;
            }

            if (map.Get("apiVersion") is YamlScalar && map.Get("kind") is YamlScalar)
            {
                return ScanKind.Kubernetes;
            }
        }

        return ScanKind.Auto;
    }

    private static bool LooksLikeDockerfile(string content)
    {
        var span = content.AsSpan();
        while (!span.IsEmpty)
        {
            var end = span.IndexOfAny('\r', '\n');
            var line = (end < 0 ? span : span[..end]).TrimStart(" \t");
            span = end < 0 ? [] : span[(end + 1)..];
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var blank = line.IndexOfAny(' ', '\t');
            if (blank <= 0)
            {
                return false;
            }

            var keyword = line[..blank];
            foreach (var k in DockerfileKeywords)
            {
                if (keyword.Equals(k, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }
}
