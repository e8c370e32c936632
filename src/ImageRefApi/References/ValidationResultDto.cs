using System.Text.Json.Serialization;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using ImageRefApi.Core.Resolution;
using ImageRefApi.Scanning;

namespace ImageRefApi.References;

/// <summary>The answer for one input: Docker's verdict, the parsed components, the tag classification, both engines'
/// verdicts, the policy's verdict, the registry's answer when asked, and every diagnostic.</summary>
/// <param name="Input">The input exactly as sent.</param>
/// <param name="Valid">Docker's verdict (distribution/reference, Docker Engine 25+, BuildKit, containerd 2).</param>
/// <param name="Reference">The parsed components when Docker accepts the input, else null.</param>
/// <param name="Tag">What kind of tag the reference carries (<c>kind</c>, <c>version</c>, <c>precision</c>, <c>variant</c>,
/// <c>prerelease</c>, <c>mutable</c>), or null when the input is invalid.</param>
/// <param name="Engines">The verdict of each container engine, with its exact error text.</param>
/// <param name="Policy">The tag policy's verdict: the request's policy, or <c>default</c> when it names none.</param>
/// <param name="Resolution">The registry's answer when the request sent <c>"resolve": true</c> and the input is valid, else null.</param>
/// <param name="Diagnostics">Every problem and remark: the parser's in input order, then the registry's, then the policy's.</param>
internal sealed record ValidationResultDto(
    string Input,
    bool Valid,
    ReferenceDto? Reference,
    TagClassification? Tag,
    EnginesDto Engines,
    PolicyVerdictDto Policy,
    ResolutionDto? Resolution,
    IReadOnlyList<DiagnosticDto> Diagnostics)
{
    // The one place where the core model becomes the wire shape: new top-level fields are added as parameters
    // above and filled here, so every endpoint picks them up (ReferenceChecker calls this for all of them).

    /// <summary>Maps the parser's analysis, the policy's verdict and the registry's answer to the response shape.</summary>
    public static ValidationResultDto From(
        ReferenceAnalysis analysis,
        TagClassification? tag,
        PolicyVerdictDto policy,
        ResolutionDto? resolution,
        IReadOnlyList<Diagnostic> resolutionDiagnostics,
        IReadOnlyList<Diagnostic> policyDiagnostics)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(resolutionDiagnostics);
        ArgumentNullException.ThrowIfNull(policyDiagnostics);
        return new ValidationResultDto(
            analysis.Input,
            analysis.Valid,
            analysis.Reference is { } r ? ReferenceDto.From(r) : null,
            tag,
            new EnginesDto(EngineDto.From(analysis.Docker), EngineDto.From(analysis.Podman)),
            policy,
            resolution,
            DiagnosticDto.Join(analysis.Diagnostics, resolutionDiagnostics, policyDiagnostics));
    }
}

/// <summary>The verdict of the tag policy.</summary>
/// <param name="Name">The policy's name, <c>inline</c> for a policy sent in the request.</param>
/// <param name="Compliant">False when the input is invalid or a policy diagnostic reaches <paramref name="FailOn"/>.</param>
/// <param name="FailOn">The lowest severity that makes a reference non-compliant: <c>error</c>, <c>warning</c>, <c>info</c> or <c>none</c>.</param>
internal sealed record PolicyVerdictDto(string Name, bool Compliant, PolicySeverity FailOn);

/// <summary>What the registry said about a valid reference.</summary>
/// <param name="Status"><c>resolved</c> (it exists), <c>notFound</c> (the registry says it does not), <c>refused</c>
/// (nothing was fetched: resolution disabled, registry not allowed, address refused) or <c>failed</c> (no usable answer).</param>
/// <param name="Exists">Whether what a pull fetches exists; null when the registry gave no answer (<c>refused</c>, <c>failed</c>).</param>
/// <param name="Digest">The digest of the manifest or index a pull fetches, or null.</param>
/// <param name="MediaType">The manifest's media type, or null.</param>
/// <param name="Platforms">For an image index, its platforms (<c>os/arch[/variant]</c>); null otherwise.</param>
/// <param name="Platform">The platform the request asked for, or null.</param>
/// <param name="PlatformDigest">The manifest digest for <paramref name="Platform"/> when the index has it, or null.</param>
/// <param name="Pinned"><c>registry/repository:tag@digest</c> with the real digest, or null.</param>
/// <param name="CheckedAt">When the registry was asked (earlier than now when the answer came from the cache), or null.</param>
internal sealed record ResolutionDto(
    ResolutionStatus Status,
    bool? Exists,
    string? Digest,
    string? MediaType,
    IReadOnlyList<string>? Platforms,
    string? Platform,
    string? PlatformDigest,
    string? Pinned,
    DateTimeOffset? CheckedAt)
{
    /// <summary>Maps a resolution result.</summary>
    public static ResolutionDto From(ResolutionResult r, string? platform)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Status, r.Checked ? r.Exists : null, r.Digest, r.MediaType, r.Platforms, platform, r.PlatformDigest, r.Pinned, r.CheckedAt);
    }
}

/// <summary>The answer of <c>POST /v1/references/resolve</c>.</summary>
/// <param name="Input">The input exactly as sent.</param>
/// <param name="Valid">Docker's verdict; the registry is only asked about a valid reference.</param>
/// <param name="Reference">The parsed components when valid, else null.</param>
/// <param name="Resolution">The registry's answer, or null when the input is invalid (nothing was fetched).</param>
/// <param name="Diagnostics">The parser's diagnostics, then the registry's (with real pin and nearby-tag suggestions).</param>
internal sealed record ResolveResultDto(
    string Input,
    bool Valid,
    ReferenceDto? Reference,
    ResolutionDto? Resolution,
    IReadOnlyList<DiagnosticDto> Diagnostics)
{
    /// <summary>Maps an analysis and the registry's answer.</summary>
    public static ResolveResultDto From(ReferenceAnalysis analysis, ResolutionDto? resolution, IReadOnlyList<Diagnostic> resolutionDiagnostics)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new(
            analysis.Input,
            analysis.Valid,
            analysis.Reference is { } r ? ReferenceDto.From(r) : null,
            resolution,
            DiagnosticDto.Join(analysis.Diagnostics, resolutionDiagnostics, []));
    }
}

/// <summary>The components of a reference as Docker parses it.</summary>
/// <param name="Registry">The registry host (and port), e.g. <c>docker.io</c>.</param>
/// <param name="Repository">The repository path, e.g. <c>library/nginx</c>.</param>
/// <param name="Tag">The tag, or null when none was written.</param>
/// <param name="Digest">The digest, or null when none was written.</param>
/// <param name="Canonical">The fully qualified reference a pull fetches (<c>:latest</c> added when neither tag nor digest is given).</param>
/// <param name="Familiar">The short form Docker shows, e.g. <c>nginx:latest</c>.</param>
/// <param name="RegistryImplicit">True when the registry was not written and <c>docker.io</c> was assumed.</param>
/// <param name="TagImplicit">True when neither tag nor digest was written and <c>latest</c> was assumed.</param>
internal sealed record ReferenceDto(
    string Registry,
    string Repository,
    string? Tag,
    string? Digest,
    string Canonical,
    string Familiar,
    bool RegistryImplicit,
    bool TagImplicit)
{
    /// <summary>Maps a parsed reference.</summary>
    public static ReferenceDto From(ImageReference r) =>
        new(r.Registry, r.Repository, r.Tag, r.Digest, r.Canonical, r.Familiar, r.RegistryImplicit, r.TagImplicit);
}

/// <summary>The verdict of each container engine.</summary>
/// <param name="Docker">Docker Engine 25+, BuildKit, containerd 2 (distribution/reference).</param>
/// <param name="Podman">Podman, Buildah, Skopeo, CRI-O (containers/image).</param>
internal sealed record EnginesDto(EngineDto Docker, EngineDto Podman);

/// <summary>One engine's verdict.</summary>
/// <param name="Valid">Whether the engine accepts the input.</param>
/// <param name="Error">The exact error text the engine prints, or null when valid.</param>
internal sealed record EngineDto(bool Valid, string? Error)
{
    private static readonly EngineDto Accepted = new(true, null);

    /// <summary>Maps an engine verdict.</summary>
    public static EngineDto From(EngineVerdict v) => v.Valid && v.Error is null ? Accepted : new(v.Valid, v.Error);
}

/// <summary>One problem or remark about the input.</summary>
/// <param name="Code">A stable code listed by <c>GET /v1/diagnostics</c>.</param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Message">A sentence naming the offending text and what was expected.</param>
/// <param name="Span">Where in the input, in UTF-16 code units, or null when it concerns the whole input.</param>
/// <param name="Suggestions">Corrected references, each valid for Docker; possibly none.</param>
internal sealed record DiagnosticDto(
    string Code,
    Severity Severity,
    string Message,
    SpanDto? Span,
    IReadOnlyList<SuggestionDto> Suggestions)
{
    /// <summary>Maps several lists of diagnostics into one, in order.</summary>
    public static DiagnosticDto[] Join(IReadOnlyList<Diagnostic> first, IReadOnlyList<Diagnostic> second, IReadOnlyList<Diagnostic> third)
    {
        var all = new DiagnosticDto[first.Count + second.Count + third.Count];
        var n = 0;
        foreach (var list in (ReadOnlySpan<IReadOnlyList<Diagnostic>>)[first, second, third])
        {
            for (var i = 0; i < list.Count; i++)
            {
                all[n++] = From(list[i]);
            }
        }

        return all;
    }

    /// <summary>Where in the scanned file it applies: only in <c>POST /v1/scan</c> answers, absent elsewhere.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocationDto? Location { get; init; }

    /// <summary>Maps a diagnostic.</summary>
    public static DiagnosticDto From(Diagnostic d)
    {
        var suggestions = new SuggestionDto[d.Suggestions.Count];
        for (var i = 0; i < suggestions.Length; i++)
        {
            suggestions[i] = new SuggestionDto(d.Suggestions[i].Description, d.Suggestions[i].Reference);
        }

        return new DiagnosticDto(d.Code, d.Severity, d.Message, d.Span is { } s ? new SpanDto(s.Start, s.Length) : null, suggestions);
    }
}

/// <summary>A range of the input in UTF-16 code units (what JavaScript's <c>String.prototype.slice</c> uses).</summary>
/// <param name="Start">Zero-based offset of the first code unit.</param>
/// <param name="Length">Number of code units; 0 for a position between characters.</param>
internal sealed record SpanDto(int Start, int Length);

/// <summary>A corrected reference.</summary>
/// <param name="Description">What the correction changes.</param>
/// <param name="Reference">The complete corrected reference.</param>
internal sealed record SuggestionDto(string Description, string Reference);
