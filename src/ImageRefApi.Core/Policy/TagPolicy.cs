using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Policy;

/// <summary>A severity a policy can give a code, or <c>none</c> to turn it off; also the <c>failOn</c> level.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicySeverity>))]
public enum PolicySeverity
{
    /// <summary>As <see cref="Severity.Error"/>.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>As <see cref="Severity.Warning"/>.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>As <see cref="Severity.Info"/>.</summary>
    [JsonStringEnumMemberName("info")]
    Info,

    /// <summary>Off (for a code) or never (for <c>failOn</c>).</summary>
    [JsonStringEnumMemberName("none")]
    None,
}

/// <summary>
/// A validated, ready-to-evaluate policy: registry entries parsed, tag patterns compiled once (with a match
/// timeout), expiry dates read. Get one from <see cref="ITagPolicyService.TryGetPolicy"/> or
/// <see cref="ITagPolicyService.TryCreatePolicy"/>.
/// </summary>
public sealed class TagPolicy
{
    /// <summary>How long one tag pattern may run on one tag.</summary>
    internal static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(50);

    private readonly TagPolicyRules rules;

    private TagPolicy(TagPolicyRules rules)
    {
        this.rules = rules;
    }

    /// <summary>The sentence for <c>GET /v1/policies</c>.</summary>
    public string Description => rules.Description ?? string.Empty;

    /// <summary>The level from which a diagnostic makes a reference non-compliant.</summary>
    public PolicySeverity FailOn { get; private init; }

    internal bool RequireTag { get; private init; }

    internal bool DisallowLatest { get; private init; }

    internal bool DisallowChannels { get; private init; }

    internal VersionPrecision? MinPrecision { get; private init; }

    internal bool AllowPrerelease { get; private init; }

    internal bool RequireDigest { get; private init; }

    /// <summary>Whether the policy has a rule (<c>requireExisting</c>, <c>verifyDigest</c>) that only registry
    /// resolution can check.</summary>
    public bool UsesResolution => RequireExisting || VerifyDigest;

    internal bool RequireExisting { get; private init; }

    internal bool VerifyDigest { get; private init; }

    internal IReadOnlyList<RegistryPattern> AllowedRegistries { get; private init; } = [];

    internal IReadOnlyList<RegistryPattern> DeniedRegistries { get; private init; } = [];

    internal IReadOnlyList<TagPattern> AllowedTags { get; private init; } = [];

    internal IReadOnlyList<TagPattern> DeniedTags { get; private init; } = [];

    internal IReadOnlyList<CompiledExemption> Exemptions { get; private init; } = [];

    internal IReadOnlyDictionary<string, PolicySeverity> SeverityOverrides { get; private init; } =
        new Dictionary<string, PolicySeverity>();

    /// <summary>The effective rules, every key filled in (what <c>GET /v1/policies/{name}</c> shows); a copy.</summary>
    public TagPolicyRules GetRules() => rules.Clone();

    /// <summary>Builds a policy from rules that <see cref="TagPolicyRulesValidator"/> accepted.</summary>
    /// <exception cref="ArgumentException">When the rules are invalid (validate first).</exception>
    internal static TagPolicy Compile(TagPolicyRules source, bool compileRegex)
    {
        static RegistryPattern Entry(string? text, string key) =>
            RegistryPattern.TryParse(text, out var p, out var error) ? p : throw new ArgumentException($"{key}: {error}", nameof(source));

        var effective = source.Clone();
        effective.UnknownKeys = null;
        effective.RequireTag ??= false;
        effective.DisallowLatest ??= false;
        effective.DisallowChannels ??= false;
        effective.AllowPrerelease ??= true;
        effective.RequireDigest ??= false;
        effective.RequireExisting ??= false;
        effective.VerifyDigest ??= false;
        effective.AllowedRegistries ??= [];
        effective.DeniedRegistries ??= [];
        effective.AllowedTags ??= [];
        effective.DeniedTags ??= [];
        effective.Exemptions ??= [];
        effective.Severity ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        effective.FailOn = string.IsNullOrEmpty(effective.FailOn) ? "error" : effective.FailOn.ToLowerInvariant();
        effective.MinPrecision = effective.MinPrecision?.ToLowerInvariant();

        var severities = new Dictionary<string, PolicySeverity>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, level) in effective.Severity)
        {
            severities[code] = TryParseSeverity(level, out var s) ? s : throw new ArgumentException($"severity.{code}: '{level}'", nameof(source));
        }

        var options = RegexOptions.CultureInvariant | (compileRegex ? RegexOptions.Compiled : RegexOptions.None);
        return new TagPolicy(effective)
        {
            FailOn = TryParseSeverity(effective.FailOn, out var failOn) ? failOn : throw new ArgumentException($"failOn: '{effective.FailOn}'", nameof(source)),
            RequireTag = effective.RequireTag.Value,
            DisallowLatest = effective.DisallowLatest.Value,
            DisallowChannels = effective.DisallowChannels.Value,
            MinPrecision = effective.MinPrecision is null ? null
                : TryParsePrecision(effective.MinPrecision, out var precision) ? precision
                : throw new ArgumentException($"minPrecision: '{effective.MinPrecision}'", nameof(source)),
            AllowPrerelease = effective.AllowPrerelease.Value,
            RequireDigest = effective.RequireDigest.Value,
            RequireExisting = effective.RequireExisting.Value,
            VerifyDigest = effective.VerifyDigest.Value,
            AllowedRegistries = effective.AllowedRegistries.Select((e, i) => Entry(e, $"allowedRegistries[{i}]")).ToArray(),
            DeniedRegistries = effective.DeniedRegistries.Select((e, i) => Entry(e, $"deniedRegistries[{i}]")).ToArray(),
            AllowedTags = effective.AllowedTags.Select(p => new TagPattern(p, CreateRegex(p, options))).ToArray(),
            DeniedTags = effective.DeniedTags.Select(p => new TagPattern(p, CreateRegex(p, options))).ToArray(),
            Exemptions = effective.Exemptions.Select((e, i) => new CompiledExemption(
                Entry(e.Match, $"exemptions[{i}].match"),
                e.Reason ?? string.Empty,
                e.Expires is null ? null
                    : TryParseExpiry(e.Expires, out var expires) ? expires
                    : throw new ArgumentException($"exemptions[{i}].expires: '{e.Expires}'", nameof(source)))).ToArray(),
            SeverityOverrides = severities.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>
    /// The tag pattern as the policy runs it: anchored on the whole tag, on the non-backtracking engine (time linear
    /// in the tag, so inline policies cannot send catastrophic patterns), with a time limit as a second guard.
    /// </summary>
    internal static Regex CreateRegex(string pattern, RegexOptions options) =>
        new(string.Concat(@"\A(?:", pattern, @")\z"), (options & ~RegexOptions.Compiled) | RegexOptions.NonBacktracking, PatternTimeout);

    internal static bool TryParseSeverity(string? text, out PolicySeverity severity)
    {
        switch (text?.ToLowerInvariant())
        {
            case "error": severity = PolicySeverity.Error; return true;
            case "warning": severity = PolicySeverity.Warning; return true;
            case "info": severity = PolicySeverity.Info; return true;
            case "none": severity = PolicySeverity.None; return true;
            default: severity = default; return false;
        }
    }

    internal static bool TryParsePrecision(string? text, out VersionPrecision precision)
    {
        switch (text?.ToLowerInvariant())
        {
            case "major": precision = VersionPrecision.Major; return true;
            case "minor": precision = VersionPrecision.Minor; return true;
            case "patch": precision = VersionPrecision.Patch; return true;
            default: precision = default; return false;
        }
    }

    /// <summary>ISO 8601 date or date-time; without an offset it is UTC.</summary>
    internal static bool TryParseExpiry(string? text, out DateTimeOffset expires) =>
        DateTimeOffset.TryParseExact(text, ExpiryFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expires);

    private static readonly string[] ExpiryFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];
}

/// <summary>A tag pattern as written and as compiled.</summary>
internal sealed record TagPattern(string Text, Regex Regex);

/// <summary>An exemption ready to match.</summary>
internal sealed record CompiledExemption(RegistryPattern Match, string Reason, DateTimeOffset? Expires);
