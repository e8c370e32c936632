using System.Text.Json.Serialization;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Scanning;

namespace ImageRefApi.References;

/// <summary>The answer for one input: Docker's verdict, the parsed components, both engines' verdicts and every diagnostic.</summary>
/// <param name="Input">The input exactly as sent.</param>
/// <param name="Valid">Docker's verdict (distribution/reference, Docker Engine 25+, BuildKit, containerd 2).</param>
/// <param name="Reference">The parsed components when Docker accepts the input, else null.</param>
/// <param name="Engines">The verdict of each container engine, with its exact error text.</param>
/// <param name="Diagnostics">Every problem and remark, in input order.</param>
internal sealed record ValidationResultDto(
    string Input,
    bool Valid,
    ReferenceDto? Reference,
    EnginesDto Engines,
    IReadOnlyList<DiagnosticDto> Diagnostics)
{
    // The one place where the core model becomes the wire shape: new top-level fields (such as the policy
    // verdict) are added as parameters above and filled here, so every endpoint picks them up.

    /// <summary>Maps the parser's analysis to the response shape.</summary>
    public static ValidationResultDto From(ReferenceAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var diagnostics = new DiagnosticDto[analysis.Diagnostics.Count];
        for (var i = 0; i < diagnostics.Length; i++)
        {
            diagnostics[i] = DiagnosticDto.From(analysis.Diagnostics[i]);
        }

        return new ValidationResultDto(
            analysis.Input,
            analysis.Valid,
            analysis.Reference is { } r ? ReferenceDto.From(r) : null,
            new EnginesDto(EngineDto.From(analysis.Docker), EngineDto.From(analysis.Podman)),
            diagnostics);
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
