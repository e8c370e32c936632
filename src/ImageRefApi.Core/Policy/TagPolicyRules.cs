using System.Text.Json.Serialization;

namespace ImageRefApi.Core.Policy;

/// <summary>
/// The rules of one tag policy, as written under <c>TagPolicy:&lt;name&gt;</c> in configuration or sent inline
/// as <c>"policy": {…}</c>. Every key is optional; a key left out is off (or, for a preset overridden in
/// configuration, keeps the preset's value). Validate with <see cref="TagPolicyRulesValidator"/>.
/// </summary>
public sealed class TagPolicyRules
{
    /// <summary>A sentence for <c>GET /v1/policies</c>.</summary>
    /// <example>Production: pinned by digest or a full version.</example>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>A tag must be written (no implicit latest, no digest-only reference).</summary>
    [JsonPropertyName("requireTag")]
    public bool? RequireTag { get; set; }

    /// <summary><c>latest</c>, written or implied, is a violation (unless a digest pins the reference).</summary>
    [JsonPropertyName("disallowLatest")]
    public bool? DisallowLatest { get; set; }

    /// <summary>Channel and codename tags (<c>stable</c>, <c>lts</c>, <c>bookworm</c>) are violations (unless pinned).</summary>
    [JsonPropertyName("disallowChannels")]
    public bool? DisallowChannels { get; set; }

    /// <summary><c>major</c>, <c>minor</c> or <c>patch</c>: the fewest numeric parts a version tag may have; tags
    /// with no version that name no build (kind <c>other</c>) are violations too. Unpinned references only.</summary>
    /// <example>patch</example>
    [JsonPropertyName("minPrecision")]
    public string? MinPrecision { get; set; }

    /// <summary>False makes pre-release tags (<c>rc</c>, <c>beta</c>, <c>nightly</c>) violations. Default true.</summary>
    [JsonPropertyName("allowPrerelease")]
    public bool? AllowPrerelease { get; set; }

    /// <summary>A digest must pin the reference.</summary>
    [JsonPropertyName("requireDigest")]
    public bool? RequireDigest { get; set; }

    /// <summary>The image must exist in its registry. Checked only when registry resolution ran for the reference
    /// (<c>"resolve": true</c>); otherwise a <c>POLICY_NOT_VERIFIED</c> diagnostic says it could not be checked.</summary>
    [JsonPropertyName("requireExisting")]
    public bool? RequireExisting { get; set; }

    /// <summary>A written digest must exist in the repository and agree with the written tag. Checked only when
    /// registry resolution ran (<c>"resolve": true</c>); references without a digest pass.</summary>
    [JsonPropertyName("verifyDigest")]
    public bool? VerifyDigest { get; set; }

    /// <summary>Registries (<c>host</c>, <c>host:port</c>, <c>*.example.com</c>), optionally with a path
    /// (<c>ghcr.io/acme/</c>); when not empty, a reference must match one.</summary>
    [JsonPropertyName("allowedRegistries")]
    public IList<string>? AllowedRegistries { get; set; }

    /// <summary>Entries like <see cref="AllowedRegistries"/>; a match at least as specific as any allowed one denies.</summary>
    [JsonPropertyName("deniedRegistries")]
    public IList<string>? DeniedRegistries { get; set; }

    /// <summary>.NET regular expressions anchored on the whole tag; when not empty, the tag must match one.</summary>
    [JsonPropertyName("allowedTags")]
    public IList<string>? AllowedTags { get; set; }

    /// <summary>.NET regular expressions anchored on the whole tag; a match is a violation.</summary>
    [JsonPropertyName("deniedTags")]
    public IList<string>? DeniedTags { get; set; }

    /// <summary>Repositories (or path prefixes) the rules do not apply to, each with a reason and an optional expiry.</summary>
    [JsonPropertyName("exemptions")]
    public IList<PolicyExemption>? Exemptions { get; set; }

    /// <summary>Per-code severity: <c>error</c>, <c>warning</c>, <c>info</c> or <c>none</c> (off).</summary>
    [JsonPropertyName("severity")]
    public IDictionary<string, string>? Severity { get; set; }

    /// <summary><c>error</c>, <c>warning</c>, <c>info</c> or <c>none</c>: the lowest severity that makes a reference
    /// non-compliant. Default <c>error</c>.</summary>
    [JsonPropertyName("failOn")]
    public string? FailOn { get; set; }

    /// <summary>Keys that are not rules (a misspelling, usually); the validator reports each one.</summary>
    [JsonExtensionData]
    public IDictionary<string, object>? UnknownKeys { get; set; }

    /// <summary>A deep copy.</summary>
    public TagPolicyRules Clone() => new()
    {
        Description = Description,
        RequireTag = RequireTag,
        DisallowLatest = DisallowLatest,
        DisallowChannels = DisallowChannels,
        MinPrecision = MinPrecision,
        AllowPrerelease = AllowPrerelease,
        RequireDigest = RequireDigest,
        RequireExisting = RequireExisting,
        VerifyDigest = VerifyDigest,
        AllowedRegistries = AllowedRegistries?.ToList(),
        DeniedRegistries = DeniedRegistries?.ToList(),
        AllowedTags = AllowedTags?.ToList(),
        DeniedTags = DeniedTags?.ToList(),
        Exemptions = Exemptions?.Select(e => new PolicyExemption { Match = e.Match, Reason = e.Reason, Expires = e.Expires }).ToList(),
        Severity = Severity is null ? null : new Dictionary<string, string>(Severity, StringComparer.OrdinalIgnoreCase),
        FailOn = FailOn,
        UnknownKeys = UnknownKeys is null ? null : new Dictionary<string, object>(UnknownKeys, StringComparer.Ordinal),
    };
}

/// <summary>One exemption: references in <see cref="Match"/> are not checked until <see cref="Expires"/>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)] // a misspelt "expires" in an inline policy must not silently mean "never expires"
public sealed class PolicyExemption
{
    /// <summary>A canonical repository or prefix, matched at path-segment boundaries, in the syntax of registry
    /// entries (<c>docker.io/library/nginx</c>, <c>ghcr.io/acme/</c>, <c>registry.example.com</c>).</summary>
    /// <example>docker.io/library/nginx</example>
    [JsonPropertyName("match")]
    public string? Match { get; set; }

    /// <summary>Why; required, and repeated in the diagnostic.</summary>
    /// <example>Vendor image, pinned by the vendor's chart (TICKET-123)</example>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>An ISO 8601 date or date-time; from that instant on (a date alone: midnight UTC) the exemption
    /// no longer applies. Null: no expiry.</summary>
    /// <example>2026-06-30</example>
    [JsonPropertyName("expires")]
    public string? Expires { get; set; }
}
