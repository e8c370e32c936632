using ImageRefApi.Core.Scanning;
using ImageRefApi.References;

namespace ImageRefApi.Scanning;

/// <summary>Every image reference of a file, judged and positioned, and the problems of the file itself.</summary>
/// <param name="Kind">The kind scanned: the one requested, or the one detected for <c>auto</c> (<c>auto</c> when it could not be detected).</param>
/// <param name="Findings">Every image reference, in file order.</param>
/// <param name="Diagnostics">File-level diagnostics (syntax, stage names, unresolvable variables), each with its <c>location</c>.</param>
/// <param name="Summary">Counts.</param>
internal sealed record ScanResponse(ScanKind Kind, IReadOnlyList<ScanFindingDto> Findings, IReadOnlyList<DiagnosticDto> Diagnostics, ScanSummaryDto Summary);

/// <summary>One image reference found in the file.</summary>
/// <param name="Reference">The text as written in the file.</param>
/// <param name="Resolved">The text after variable substitution and quote removal; equal to <c>reference</c> when there was none;
/// null when it cannot be resolved from the file alone (a warning in <c>diagnostics</c> names the variable).</param>
/// <param name="Location">Where <c>reference</c> is written.</param>
/// <param name="Context">Where it was found: <c>FROM</c>, <c>COPY --from</c>, <c>RUN --mount</c>, <c># syntax</c>,
/// <c>services.web.image</c>, <c>spec.template.spec.containers[0].image</c>, …</param>
/// <param name="Resource">For Kubernetes, the object holding it (<c>CronJob/backup</c>); otherwise null.</param>
/// <param name="Substitutions">The variables used to resolve it, in order of use; for a Dockerfile, the line of the ARG that supplied each value.</param>
/// <param name="Result">The same object <c>POST /v1/references/validate</c> answers for <c>resolved</c>, each diagnostic with
/// its <c>location</c> in the file as well; null when <c>resolved</c> is null.</param>
internal sealed record ScanFindingDto(
    string Reference,
    string? Resolved,
    LocationDto Location,
    string Context,
    string? Resource,
    IReadOnlyList<SubstitutionDto> Substitutions,
    ValidationResultDto? Result);

/// <summary>A range of the scanned file: 1-based lines and columns, columns in UTF-16 code units, <c>endColumn</c> exclusive (as SARIF).</summary>
/// <param name="Line">Line of the first character.</param>
/// <param name="Column">Column of the first character.</param>
/// <param name="EndLine">Line of the last character.</param>
/// <param name="EndColumn">Column just past the last character.</param>
internal sealed record LocationDto(int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>Maps a file location.</summary>
    public static LocationDto From(FileLocation l) => new(l.Line, l.Column, l.EndLine, l.EndColumn);
}

/// <summary>One variable used while resolving a reference.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">The value substituted, or null when it has none in the file.</param>
/// <param name="Line">The line of the <c>ARG</c> instruction that supplied the value, or null when no instruction did
/// (undeclared, a BuildKit platform argument, a Compose variable).</param>
internal sealed record SubstitutionDto(string Name, string? Value, int? Line)
{
    /// <summary>Maps a substitution.</summary>
    public static SubstitutionDto From(Substitution s) => new(s.Name, s.Value, s.Line);
}

/// <summary>Counts over a scan.</summary>
/// <param name="Findings">Number of findings.</param>
/// <param name="Valid">Findings whose resolved reference Docker accepts.</param>
/// <param name="Invalid">Findings whose resolved reference Docker refuses.</param>
/// <param name="Unresolved">Findings that cannot be resolved from the file alone.</param>
/// <param name="Errors">Error diagnostics, file-level and in findings.</param>
/// <param name="Warnings">Warning diagnostics, file-level and in findings.</param>
/// <param name="Infos">Info diagnostics, file-level and in findings.</param>
internal sealed record ScanSummaryDto(int Findings, int Valid, int Invalid, int Unresolved, int Errors, int Warnings, int Infos)
{
    /// <summary>Maps the scanner's counts.</summary>
    public static ScanSummaryDto From(ScanSummary s) => new(s.Findings, s.Valid, s.Invalid, s.Unresolved, s.Errors, s.Warnings, s.Infos);
}
