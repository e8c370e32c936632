using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Resolution;

/// <summary>Codes and catalog entries of the diagnostics the registry resolver emits.</summary>
public static class ResolutionDiagnostics
{
    /// <summary>Resolution is switched off in configuration.</summary>
    public const string ResolutionDisabled = "RESOLUTION_DISABLED";

    /// <summary>The registry is not in <c>Resolution:AllowedRegistries</c>.</summary>
    public const string RegistryNotAllowed = "RESOLUTION_REGISTRY_NOT_ALLOWED";

    /// <summary>The registry host resolves to an address that may not be contacted.</summary>
    public const string AddressRefused = "RESOLUTION_ADDRESS_REFUSED";

    /// <summary>The registry redirected to a host that may not be followed.</summary>
    public const string RedirectRefused = "RESOLUTION_REDIRECT_REFUSED";

    /// <summary>The registry did not answer in time.</summary>
    public const string Timeout = "RESOLUTION_TIMEOUT";

    /// <summary>A response exceeded the configured size cap.</summary>
    public const string ResponseTooLarge = "RESOLUTION_RESPONSE_TOO_LARGE";

    /// <summary>The registry refused the anonymous or configured credentials.</summary>
    public const string AuthenticationFailed = "RESOLUTION_AUTH_FAILED";

    /// <summary>The registry could not be reached or answered something unexpected.</summary>
    public const string RegistryError = "RESOLUTION_REGISTRY_ERROR";

    /// <summary>The repository does not exist in the registry.</summary>
    public const string RepositoryNotFound = "REPOSITORY_NOT_FOUND";

    /// <summary>The tag does not exist in the repository.</summary>
    public const string TagNotFound = "TAG_NOT_FOUND";

    /// <summary>The digest does not exist in the repository.</summary>
    public const string DigestNotFound = "DIGEST_NOT_FOUND";

    /// <summary>In <c>tag@digest</c>, the tag now points to another digest.</summary>
    public const string TagMoved = "TAG_MOVED";

    /// <summary>The tag resolved; a pinned form with its current digest is suggested.</summary>
    public const string PinDigest = "PIN_DIGEST";

    /// <summary>The requested platform is not in the image index.</summary>
    public const string PlatformNotFound = "PLATFORM_NOT_FOUND";

    /// <summary>Codes meaning the registry answered that the image does not exist (for a <c>requireExisting</c> rule).</summary>
    public static IReadOnlySet<string> NotFoundCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        RepositoryNotFound, TagNotFound, DigestNotFound,
    };

    /// <summary>Codes meaning the written digest does not agree with the registry (for a <c>verifyDigest</c> rule).</summary>
    public static IReadOnlySet<string> DigestMismatchCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TagMoved, DigestNotFound,
    };

    /// <summary>The catalog entries for every code above.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
    [
        new(ResolutionDisabled, "Registry resolution disabled", Severity.Info,
            "The server does not contact registries because Resolution:Enabled is false; the reference was only checked for form.",
            "nginx:1.25"),
        new(RegistryNotAllowed, "Registry not allowed", Severity.Warning,
            "The server only contacts registries listed in Resolution:AllowedRegistries; this one is not, so nothing was fetched.",
            "evil.example.net/app:1"),
        new(AddressRefused, "Registry address refused", Severity.Warning,
            "The registry host resolves to a loopback, private, link-local or cloud-metadata address, which the server refuses to contact (Resolution:AllowPrivateNetworks).",
            "169.254.169.254/latest:meta-data"),
        new(RedirectRefused, "Redirect refused", Severity.Warning,
            "The registry redirected to another host; only redirects to the same host or to its token service are followed.",
            "registry.example.com/app:1"),
        new(Timeout, "Registry timed out", Severity.Warning,
            "The registry did not answer within Resolution:TimeoutSeconds; existence and digest could not be checked.",
            "slow.example.com/app:1"),
        new(ResponseTooLarge, "Registry response too large", Severity.Warning,
            "A manifest, tag list or token exceeded the configured size cap and was not read.",
            "registry.example.com/huge:1"),
        new(AuthenticationFailed, "Registry authentication failed", Severity.Warning,
            "The registry refused anonymous access or the credentials configured for it (Resolution:Credentials).",
            "registry.example.com/private/app:1"),
        new(RegistryError, "Registry error", Severity.Warning,
            "The registry could not be reached or answered with an unexpected status or body.",
            "registry.example.com/app:1"),
        new(RepositoryNotFound, "Repository not found", Severity.Error,
            "The registry says the repository does not exist (or is not visible with the configured credentials); a pull fails.",
            "docker.io/library/ngnix:1.25"),
        new(TagNotFound, "Tag not found", Severity.Error,
            "The tag does not exist in the repository, so a pull fails; nearby existing tags are suggested when the registry lists them. With a digest also written, pull uses the digest and this is a warning.",
            "nginx:1.25.99"),
        new(DigestNotFound, "Digest not found", Severity.Error,
            "The digest does not exist in the repository, so a pull fails; when the tag exists its current digest is suggested.",
            "nginx:1.25@sha256:0000000000000000000000000000000000000000000000000000000000000000"),
        new(TagMoved, "Tag moved", Severity.Warning,
            "The tag now points to a different digest than the one written; pull uses the written digest, so the image is not what the tag currently names.",
            "nginx:1.25@sha256:<old digest>"),
        new(PinDigest, "Pin to digest", Severity.Info,
            "The tag currently resolves to the suggested digest; pinning it makes pulls reproducible while keeping the tag readable.",
            "nginx:1.25"),
        new(PlatformNotFound, "Platform not in index", Severity.Warning,
            "The image index has no manifest for the requested platform; a pull on that platform fails.",
            "nginx:1.25 (platform windows/amd64)"),
    ];

    /// <summary>The diagnostics of a resolution that a <c>requireExisting</c> policy rule reports: the image is missing.</summary>
    public static IReadOnlyList<Diagnostic> ExistenceProblems(ResolutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Diagnostics.Where(d => NotFoundCodes.Contains(d.Code) && d.Severity == Severity.Error)];
    }

    /// <summary>The diagnostics of a resolution that a <c>verifyDigest</c> policy rule reports: digest and tag disagree or the digest is missing.</summary>
    public static IReadOnlyList<Diagnostic> DigestProblems(ResolutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Diagnostics.Where(d => DigestMismatchCodes.Contains(d.Code))];
    }
}
