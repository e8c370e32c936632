using System.Text.Json.Serialization;

namespace ImageRefApi.Core.Policy;

/// <summary>What a reference's tag says about how stable the image behind it is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TagKind>))]
public enum TagKind
{
    /// <summary>Neither tag nor digest: Docker pulls <c>:latest</c>.</summary>
    [JsonStringEnumMemberName("implicit-latest")]
    ImplicitLatest,

    /// <summary>A digest and no tag.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>The tag <c>latest</c> (any case), possibly with a variant (<c>latest-alpine</c>).</summary>
    [JsonStringEnumMemberName("latest")]
    Latest,

    /// <summary>A release channel or distribution name that moves: <c>stable</c>, <c>lts</c>, <c>nightly</c>,
    /// <c>bookworm</c>, <c>alpine</c>.</summary>
    [JsonStringEnumMemberName("channel")]
    Channel,

    /// <summary>One or two numeric parts, optionally with a variant: <c>3</c>, <c>3.11</c>, <c>22-alpine</c>.</summary>
    [JsonStringEnumMemberName("floating-version")]
    FloatingVersion,

    /// <summary>Three or more numeric parts, optional <c>v</c>, optional variant: <c>1.25.3</c>, <c>v2.1.0-alpine3.20</c>.</summary>
    [JsonStringEnumMemberName("version")]
    Version,

    /// <summary>A version with a pre-release marker: <c>1.0.0-rc.1</c>, <c>3.13.0b1</c>, <c>1.22rc1</c>.</summary>
    [JsonStringEnumMemberName("prerelease")]
    Prerelease,

    /// <summary>A git commit: 7–40 hex characters, not all digits, optionally <c>sha-</c> prefixed.</summary>
    [JsonStringEnumMemberName("build-id")]
    BuildId,

    /// <summary>A date, possibly with a build suffix: <c>20260114</c>, <c>2026-01-14</c>, <c>2026.01</c>,
    /// <c>jammy-20240125</c>.</summary>
    [JsonStringEnumMemberName("date")]
    Date,

    /// <summary>Digits only that are not a date and too long to be a major version: <c>4711</c>.</summary>
    [JsonStringEnumMemberName("build-number")]
    BuildNumber,

    /// <summary>Anything else.</summary>
    [JsonStringEnumMemberName("other")]
    Other,
}

/// <summary>How many numeric parts a version tag has.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VersionPrecision>))]
public enum VersionPrecision
{
    /// <summary>One part: <c>3</c>.</summary>
    [JsonStringEnumMemberName("major")]
    Major = 1,

    /// <summary>Two parts: <c>3.11</c>.</summary>
    [JsonStringEnumMemberName("minor")]
    Minor = 2,

    /// <summary>Three or more parts: <c>3.11.7</c>.</summary>
    [JsonStringEnumMemberName("patch")]
    Patch = 3,
}

/// <summary>The classification of one reference's tag (the <c>"tag"</c> object of a validate result).</summary>
/// <param name="Kind">What kind of tag it is.</param>
/// <param name="Version">The numeric parts of the version (<c>[3, 11, 7]</c>), or null when the tag carries none.</param>
/// <param name="Precision">How many numeric parts there are, or null when there is no version.</param>
/// <param name="Variant">What follows the version or channel (<c>slim-bookworm</c>), or null.</param>
/// <param name="Prerelease">Whether the tag names a pre-release (<c>rc</c>, <c>beta</c>, <c>nightly</c>, <c>edge</c>…).</param>
/// <param name="Mutable">False only when a digest pins the reference: any tag can be pushed again.</param>
public sealed record TagClassification(
    TagKind Kind,
    IReadOnlyList<long>? Version,
    VersionPrecision? Precision,
    string? Variant,
    bool Prerelease,
    bool Mutable)
{
    /// <summary>Equality that compares <see cref="Version"/> element by element.</summary>
    public bool Equals(TagClassification? other) =>
        other is not null
        && Kind == other.Kind
        && Precision == other.Precision
        && Variant == other.Variant
        && Prerelease == other.Prerelease
        && Mutable == other.Mutable
        && (Version is null ? other.Version is null : other.Version is not null && Version.SequenceEqual(other.Version));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Precision, Variant, Prerelease, Mutable, Version?.Count);
}
