using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Resolution;

/// <summary>How a resolution ended.</summary>
public enum ResolutionStatus
{
    /// <summary>The registry answered and the image (by tag or digest) exists.</summary>
    Resolved,

    /// <summary>The registry answered that the repository, tag or digest does not exist.</summary>
    NotFound,

    /// <summary>Nothing was fetched: disabled, registry not allowed, or address refused.</summary>
    Refused,

    /// <summary>The registry was contacted but no answer could be had (timeout, auth, size, error).</summary>
    Failed,
}

/// <summary>What the registry said about a reference.</summary>
/// <param name="Status">How the resolution ended; <see cref="Exists"/> is only meaningful when the registry answered.</param>
/// <param name="Exists">Whether what a pull fetches exists (for <c>tag@digest</c>: the digest, as a pull uses it).</param>
/// <param name="Digest">The digest of the manifest or index a pull fetches, or null.</param>
/// <param name="MediaType">The manifest media type, or null.</param>
/// <param name="Platforms">For an image index, its platforms (<c>os/arch[/variant]</c>); null otherwise.</param>
/// <param name="PlatformDigest">The manifest digest for the requested platform when the index has it, or null.</param>
/// <param name="Pinned"><c>registry/repository:tag@digest</c> with the real digest (tag kept), or null.</param>
/// <param name="CheckedAt">When the registry was asked (older than now when the answer came from the cache), or null.</param>
/// <param name="Diagnostics">Problems and suggestions; never null.</param>
public sealed record ResolutionResult(
    ResolutionStatus Status,
    bool Exists,
    string? Digest,
    string? MediaType,
    IReadOnlyList<string>? Platforms,
    string? PlatformDigest,
    string? Pinned,
    DateTimeOffset? CheckedAt,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the registry gave an answer (found or not found), so existence was really checked.</summary>
    public bool Checked => Status is ResolutionStatus.Resolved or ResolutionStatus.NotFound;
}

/// <summary>Asks a registry (OCI Distribution API) whether a reference exists and what digest it has.</summary>
public interface IRegistryResolver
{
    /// <summary>Resolves a reference. Never throws for registry or network problems: they come back as diagnostics.</summary>
    /// <param name="reference">A parsed, valid reference.</param>
    /// <param name="platform">Optional <c>os/arch[/variant]</c> to look for in an index.</param>
    /// <param name="cancellationToken">Cancels the whole resolution (throws <see cref="OperationCanceledException"/>).</param>
    Task<ResolutionResult> ResolveAsync(ImageReference reference, string? platform, CancellationToken cancellationToken);
}
