using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Scanning;

/// <summary>The kinds of file the scanner reads.</summary>
public enum ScanKind
{
    /// <summary>Detect the kind from the path and the content. In a report: the kind could not be detected.</summary>
    Auto,

    /// <summary>A Dockerfile or Containerfile, read as BuildKit reads it.</summary>
    Dockerfile,

    /// <summary>A Compose file (<c>services.*.image</c>).</summary>
    Compose,

    /// <summary>One or more Kubernetes manifests (multi-document YAML).</summary>
    Kubernetes,
}

/// <summary>A file to scan.</summary>
/// <param name="Kind">What the file is, or <see cref="ScanKind.Auto"/> to detect it.</param>
/// <param name="Path">An optional name for reports (the SARIF artifact URI); also a hint for detection.</param>
/// <param name="Content">The file text.</param>
public sealed record ScanInput(ScanKind Kind, string? Path, string Content);

/// <summary>
/// A range of the scanned file. Lines and columns are 1-based; columns count UTF-16 code units
/// (SARIF's default <c>columnKind</c>). <see cref="EndLine"/>/<see cref="EndColumn"/> name the position just
/// past the last character, so <see cref="EndColumn"/> is exclusive, exactly as SARIF's <c>endColumn</c>.
/// </summary>
/// <param name="Line">Line of the first character.</param>
/// <param name="Column">Column of the first character.</param>
/// <param name="EndLine">Line of the last character.</param>
/// <param name="EndColumn">Column just past the last character (exclusive).</param>
public readonly record struct FileLocation(int Line, int Column, int EndLine, int EndColumn);

/// <summary>A diagnostic with its place in the scanned file.</summary>
/// <param name="Diagnostic">The diagnostic; its span (if any) is relative to the string that was judged.</param>
/// <param name="Location">Where in the file it applies.</param>
public sealed record LocatedDiagnostic(Diagnostic Diagnostic, FileLocation Location);

/// <summary>One variable used while resolving a reference.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">The value substituted, or null when the variable could not be resolved.</param>
/// <param name="Line">The line of the <c>ARG</c> instruction that supplied the value (Dockerfile), or null when
/// no instruction did (undeclared, a BuildKit platform argument, or a Compose environment variable).</param>
public sealed record Substitution(string Name, string? Value, int? Line);

/// <summary>One image reference found in a file.</summary>
/// <param name="Reference">The text as written in the file.</param>
/// <param name="Resolved">The text after variable substitution and quote removal; equal to
/// <paramref name="Reference"/> when there was none; null when it cannot be resolved from the file alone.</param>
/// <param name="Location">Where <paramref name="Reference"/> is written.</param>
/// <param name="Context">Where it was found: <c>FROM</c>, <c>COPY --from</c>, <c>RUN --mount</c>, <c># syntax</c>,
/// <c>services.web.image</c>, <c>spec.template.spec.containers[0].image</c>, …</param>
/// <param name="Resource">For Kubernetes, the object holding it (<c>CronJob/backup</c>); otherwise null.</param>
/// <param name="Substitutions">The variables used, in order of use (empty when none).</param>
/// <param name="Result">The judge's verdict on <paramref name="Resolved"/>; null when it is null.</param>
/// <param name="Diagnostics">Every diagnostic of <paramref name="Result"/> in the same order, each with its file
/// location; see the scanner documentation for how spans are mapped.</param>
public sealed record ScanFinding(
    string Reference,
    string? Resolved,
    FileLocation Location,
    string Context,
    string? Resource,
    IReadOnlyList<Substitution> Substitutions,
    ReferenceAnalysis? Result,
    IReadOnlyList<LocatedDiagnostic> Diagnostics);

/// <summary>Counts over a report.</summary>
/// <param name="Findings">Number of findings.</param>
/// <param name="Valid">Findings whose resolved reference the judge found valid.</param>
/// <param name="Invalid">Findings whose resolved reference the judge found invalid (or that resolved to nothing).</param>
/// <param name="Unresolved">Findings that could not be resolved from the file alone.</param>
/// <param name="Errors">Error diagnostics, file-level and in findings.</param>
/// <param name="Warnings">Warning diagnostics, file-level and in findings.</param>
/// <param name="Infos">Info diagnostics, file-level and in findings.</param>
public sealed record ScanSummary(int Findings, int Valid, int Invalid, int Unresolved, int Errors, int Warnings, int Infos);

/// <summary>The result of scanning one file.</summary>
/// <param name="Kind">The kind scanned (the detected kind for <see cref="ScanKind.Auto"/>; <see cref="ScanKind.Auto"/>
/// when it could not be detected).</param>
/// <param name="Path">The path given in the input, if any.</param>
/// <param name="Findings">Every image reference, in file order.</param>
/// <param name="Diagnostics">File-level diagnostics (syntax, stage names, unresolvable variables), in file order.</param>
/// <param name="Summary">Counts.</param>
public sealed record ScanReport(
    ScanKind Kind,
    string? Path,
    IReadOnlyList<ScanFinding> Findings,
    IReadOnlyList<LocatedDiagnostic> Diagnostics,
    ScanSummary Summary);
