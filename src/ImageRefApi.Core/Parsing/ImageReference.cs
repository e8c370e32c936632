using System.Diagnostics.CodeAnalysis;

namespace ImageRefApi.Core.Parsing;

/// <summary>
/// A container image reference as Docker reads it (distribution/reference,
/// <c>ParseNormalizedNamed</c> then <c>ParseDockerRef</c>): <c>[registry[:port]/]path[:tag][@digest]</c>.
/// </summary>
public sealed record ImageReference
{
    internal ImageReference(string registry, string repository, string? tag, string? digest, bool registryImplicit, string? input = null)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
        RegistryImplicit = registryImplicit;
        Canonical = BuildCanonical(input, registry, repository, tag, digest);
        Familiar = BuildFamiliar(input, Canonical, registry, repository);
    }

    /// <summary>The registry host (and port) as written, <c>docker.io</c> when implicit; empty in the rare
    /// case where a dotted first component is not a valid host and becomes part of the path.</summary>
    public string Registry { get; }

    /// <summary>The repository path without the registry (<c>library/nginx</c>).</summary>
    public string Repository { get; }

    /// <summary>The tag as written, or null.</summary>
    public string? Tag { get; }

    /// <summary>The digest (<c>algorithm:hex</c>), or null.</summary>
    public string? Digest { get; }

    /// <summary>What a pull fetches: <c>registry/repository</c> then <c>:tag</c> (<c>:latest</c> when there is
    /// neither tag nor digest), or <c>@digest</c> alone when a digest is present.</summary>
    public string Canonical { get; }

    /// <summary>The short form Docker prints: <c>docker.io/</c> and a lone <c>library/</c> removed.</summary>
    public string Familiar { get; }

    /// <summary>True when no registry was written and Docker Hub is assumed.</summary>
    public bool RegistryImplicit { get; }

    /// <summary>True when neither a tag nor a digest was written, so <c>:latest</c> is assumed.</summary>
    public bool TagImplicit => Tag is null && Digest is null;

    /// <summary>Parses a reference as Docker does.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="value"/> is null.</exception>
    /// <exception cref="FormatException">When Docker refuses it; the message is Docker's exact error text.</exception>
    public static ImageReference Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var error = ReferenceGrammar.ParseDocker(value, out var parts);
        if (error != ParseError.None)
        {
            throw new FormatException(ReferenceGrammar.DockerMessage(error, value, parts));
        }

        return ReferenceGrammar.Build(value, parts);
    }

    /// <summary>Parses a reference as Docker does, without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out ImageReference? reference)
    {
        if (value is null || ReferenceGrammar.ParseDocker(value, out var parts) != ParseError.None)
        {
            reference = null;
            return false;
        }

        reference = ReferenceGrammar.Build(value, parts);
        return true;
    }

    /// <summary>Whether Docker accepts <paramref name="value"/>; allocates nothing.</summary>
    public static bool IsValid(ReadOnlySpan<char> value) => ReferenceGrammar.IsValidDocker(value);

    /// <inheritdoc />
    public override string ToString() => Canonical;

    /// <summary>The canonical form, in one allocation, or the input itself when it is already canonical.</summary>
    private static string BuildCanonical(string? input, string registry, string repository, string? tag, string? digest)
    {
        var slash = registry.Length == 0 ? string.Empty : "/";
        var separator = digest is not null ? "@" : ":";
        var suffix = digest ?? tag ?? "latest";
        var length = registry.Length + slash.Length + repository.Length + 1 + suffix.Length;
        if (input is not null && input.Length == length)
        {
            var rest = input.AsSpan();
            if (rest.StartsWith(registry) && (rest = rest[registry.Length..]).StartsWith(slash)
                && (rest = rest[slash.Length..]).StartsWith(repository) && (rest = rest[repository.Length..]).StartsWith(separator)
                && rest[1..].SequenceEqual(suffix))
            {
                return input;
            }
        }

        return string.Create(length, (registry, slash, repository, separator, suffix), static (span, p) =>
        {
            p.registry.CopyTo(span);
            span = span[p.registry.Length..];
            p.slash.CopyTo(span);
            span = span[p.slash.Length..];
            p.repository.CopyTo(span);
            span = span[p.repository.Length..];
            span[0] = p.separator[0];
            p.suffix.CopyTo(span[1..]);
        });
    }

    /// <summary>The familiar form: a tail of the canonical form, or the input itself when it is written that way.</summary>
    private static string BuildFamiliar(string? input, string canonical, string registry, string repository)
    {
        if (registry != ReferenceGrammar.DefaultDomain)
        {
            return canonical;
        }

        var start = registry.Length + 1;
        if (repository.StartsWith(ReferenceGrammar.OfficialRepoPrefix, StringComparison.Ordinal)
            && repository.AsSpan(ReferenceGrammar.OfficialRepoPrefix.Length).IndexOf('/') < 0)
        {
            start += ReferenceGrammar.OfficialRepoPrefix.Length;
        }

        return input is not null && canonical.AsSpan(start).SequenceEqual(input) ? input : canonical[start..];
    }
}
