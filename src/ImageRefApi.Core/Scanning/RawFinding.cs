using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Scanning;

// A reference found by a format reader, before it is judged: Start/End are content offsets of the written text
// (End exclusive); Resolved is null when unresolvable.
internal sealed record RawFinding(
    string Reference,
    int Start,
    int End,
    string? Resolved,
    string Context,
    string? Resource,
    IReadOnlyList<Substitution> Substitutions);

/// <summary>A file-level diagnostic by offsets, before locations are computed.</summary>
internal readonly record struct RawDiagnostic(Diagnostic Diagnostic, int Start, int End);

/// <summary>What a format reader collects.</summary>
internal sealed class ScanSink
{
    public List<RawFinding> Findings { get; } = [];

    public List<RawDiagnostic> Diagnostics { get; } = [];

    public void Add(string code, Severity severity, string message, int start, int end) =>
        Diagnostics.Add(new RawDiagnostic(new Diagnostic(code, severity, message, null, []), start, end));
}
