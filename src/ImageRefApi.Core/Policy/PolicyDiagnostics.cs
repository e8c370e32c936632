using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Policy;

/// <summary>The stable codes of the diagnostics a tag policy emits, and their catalog entries.</summary>
public static class PolicyDiagnostics
{
    /// <summary><c>requireTag</c>: no tag is written (implicit latest or digest only).</summary>
    public const string TagRequired = "POLICY_TAG_REQUIRED";

    /// <summary><c>disallowLatest</c>: no tag and no digest, so Docker pulls <c>:latest</c>.</summary>
    public const string ImplicitLatest = "POLICY_IMPLICIT_LATEST";

    /// <summary><c>disallowLatest</c>: the tag is <c>latest</c>.</summary>
    public const string LatestTag = "POLICY_LATEST_TAG";

    /// <summary><c>disallowChannels</c>: the tag is a channel or codename (<c>stable</c>, <c>bookworm</c>).</summary>
    public const string ChannelTag = "POLICY_CHANNEL_TAG";

    /// <summary><c>minPrecision</c>: the version has fewer numeric parts than required.</summary>
    public const string FloatingVersion = "POLICY_FLOATING_VERSION";

    /// <summary><c>minPrecision</c>: the tag carries no version and names no build (kind <c>other</c>).</summary>
    public const string UnversionedTag = "POLICY_UNVERSIONED_TAG";

    /// <summary><c>allowPrerelease: false</c>: the tag is a pre-release.</summary>
    public const string PrereleaseTag = "POLICY_PRERELEASE_TAG";

    /// <summary><c>requireDigest</c>: no digest pins the image.</summary>
    public const string DigestMissing = "POLICY_DIGEST_MISSING";

    /// <summary>The registry is implicit (a short name). Off unless the policy's <c>severity</c> turns it on.</summary>
    public const string ShortName = "POLICY_SHORT_NAME";

    /// <summary><c>allowedRegistries</c>: no entry matches.</summary>
    public const string RegistryNotAllowed = "POLICY_REGISTRY_NOT_ALLOWED";

    /// <summary><c>deniedRegistries</c>: an entry matches, at least as specifically as any allowed one.</summary>
    public const string RegistryDenied = "POLICY_REGISTRY_DENIED";

    /// <summary><c>allowedTags</c>: no pattern matches the tag.</summary>
    public const string TagNotAllowed = "POLICY_TAG_NOT_ALLOWED";

    /// <summary><c>deniedTags</c>: a pattern matches the tag.</summary>
    public const string TagDenied = "POLICY_TAG_DENIED";

    /// <summary>A tag pattern ran out of time; the pattern is treated as not matching.</summary>
    public const string TagPatternTimeout = "POLICY_TAG_PATTERN_TIMEOUT";

    /// <summary>An exemption applies: the rules were not checked.</summary>
    public const string Exempt = "POLICY_EXEMPT";

    /// <summary>An exemption matched but has expired: the rules apply again.</summary>
    public const string ExemptionExpired = "POLICY_EXEMPTION_EXPIRED";

    /// <summary><c>requireExisting</c>: registry resolution found that the repository, tag or digest does not exist.</summary>
    public const string ImageNotFound = "POLICY_IMAGE_NOT_FOUND";

    /// <summary><c>verifyDigest</c>: registry resolution found that the written digest does not exist or the tag moved away from it.</summary>
    public const string DigestMismatch = "POLICY_DIGEST_MISMATCH";

    /// <summary><c>requireExisting</c> or <c>verifyDigest</c> could not be checked: resolution was not requested,
    /// is disabled, or the registry gave no answer.</summary>
    public const string NotVerified = "POLICY_NOT_VERIFIED";

    /// <summary>The catalog entries of every code above.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
    [
        new(TagRequired, "Tag required", Severity.Error,
            "The policy sets requireTag: write a tag, so that people can read which release is deployed (with a digest to pin it).",
            "nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31"),
        new(ImplicitLatest, "Implicit latest", Severity.Error,
            "No tag and no digest: Docker pulls :latest, which moves with every release. Write a version tag, and a digest to pin it.",
            "nginx"),
        new(LatestTag, "Latest tag", Severity.Error,
            "The policy sets disallowLatest: the latest tag moves with every release. Write a version tag, and a digest to pin it.",
            "nginx:latest"),
        new(ChannelTag, "Channel tag", Severity.Error,
            "The policy sets disallowChannels: channel and codename tags (stable, lts, nightly, bookworm, alpine) move to new images.",
            "node:lts-alpine"),
        new(FloatingVersion, "Floating version", Severity.Error,
            "The policy sets minPrecision: a version with fewer numeric parts (3.11 instead of 3.11.7) is re-pushed with every patch release.",
            "python:3.11-slim"),
        new(UnversionedTag, "Unversioned tag", Severity.Error,
            "The policy sets minPrecision: the tag carries no version and names no build (commit, date or build number).",
            "acme/app:feature-login"),
        new(PrereleaseTag, "Pre-release tag", Severity.Error,
            "The policy sets allowPrerelease to false: the tag names a pre-release (rc, beta, alpha, preview, nightly).",
            "golang:1.22rc1"),
        new(DigestMissing, "Digest missing", Severity.Error,
            "The policy sets requireDigest: every tag can be pushed again, only a digest pins the image. Resolve the digest of the tag and append @sha256:<digest>.",
            "nginx:1.25.3"),
        new(ShortName, "Short name", Severity.Warning,
            "The registry is implied: Docker uses docker.io, Podman asks registries.conf, where the name can be squatted. Off unless the policy's severity map sets this code.",
            "nginx:1.25.3"),
        new(RegistryNotAllowed, "Registry not allowed", Severity.Error,
            "The policy's allowedRegistries has no entry matching the canonical registry and repository.",
            "ghcr.io/acme/app:1.0.0"),
        new(RegistryDenied, "Registry denied", Severity.Error,
            "An entry of deniedRegistries matches, at least as specifically as any entry of allowedRegistries.",
            "docker.io/library-evil/app:1.0.0"),
        new(TagNotAllowed, "Tag not allowed", Severity.Error,
            "No pattern of the policy's allowedTags matches the whole tag.",
            "nginx:1.25.3-debug"),
        new(TagDenied, "Tag denied", Severity.Error,
            "A pattern of the policy's deniedTags matches the whole tag.",
            "nginx:1.25.3-debug"),
        new(TagPatternTimeout, "Tag pattern timed out", Severity.Error,
            "A tag pattern took longer than its time limit; it is treated as not matching. Simplify the pattern.",
            "acme/app:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        new(Exempt, "Exempt", Severity.Info,
            "An exemption of the policy matches this repository; the rules were not checked.",
            "docker.io/library/nginx:latest"),
        new(ExemptionExpired, "Exemption expired", Severity.Info,
            "An exemption matched but its expiry date has passed; the rules apply again.",
            "docker.io/library/nginx:latest"),
        new(ImageNotFound, "Image not found", Severity.Error,
            "The policy sets requireExisting and the registry answered that the repository, tag or digest does not exist; a pull fails. Nearby existing tags are suggested when the registry lists them.",
            "registry.example.com/team/app:1.25.99"),
        new(DigestMismatch, "Digest mismatch", Severity.Error,
            "The policy sets verifyDigest and the registry answered that the written digest does not exist in the repository, or that the tag now points to another digest. The tag's current pin is suggested.",
            "registry.example.com/team/app:1.0@sha256:0000000000000000000000000000000000000000000000000000000000000000"),
        new(NotVerified, "Rule not verified", Severity.Warning,
            "The policy sets requireExisting or verifyDigest, but no registry answer was available: resolution was not requested (\"resolve\": true), is disabled or refused on this server, or the registry did not answer. Give the code the severity error to fail closed.",
            "registry.example.com/team/app:1.0"),
    ];

    /// <summary>Codes that report on the policy itself and never make a reference non-compliant.</summary>
    internal static bool IsNotice(string code) => code is Exempt or ExemptionExpired;

    /// <summary>The severity of a code when the policy's severity map says nothing; null means off.</summary>
    internal static Severity? DefaultSeverity(string code) => code switch
    {
        ShortName => null,
        Exempt or ExemptionExpired => Severity.Info,
        NotVerified => Severity.Warning,
        _ => Severity.Error,
    };

    /// <summary>Whether <paramref name="code"/> is one of the codes above.</summary>
    internal static bool IsKnown(string code) => Codes.Contains(code);

    private static readonly HashSet<string> Codes = new(Descriptors.Select(d => d.Code), StringComparer.OrdinalIgnoreCase);
}
