namespace ImageRefApi.Core.Parsing;

/// <summary>How serious a diagnostic is.</summary>
public enum Severity
{
    /// <summary>The reference is refused by an engine, or a policy rule is broken.</summary>
    Error,

    /// <summary>The reference works but is risky or probably not what was meant.</summary>
    Warning,

    /// <summary>Worth knowing; nothing is wrong.</summary>
    Info,
}

/// <summary>A range of the input in UTF-16 code units.</summary>
/// <param name="Start">Zero-based offset of the first code unit.</param>
/// <param name="Length">Number of code units (0 for a position between characters).</param>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset just past the span.</summary>
    public int End => Start + Length;
}

/// <summary>A corrected reference with a sentence saying what was changed.</summary>
/// <param name="Description">What the correction does, for a person.</param>
/// <param name="Reference">A complete reference that is itself valid for Docker.</param>
public sealed record Suggestion(string Description, string Reference);

/// <summary>One problem or remark about an input.</summary>
/// <param name="Code">Stable code listed in the diagnostics catalog.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">A sentence naming the offending text and what was expected.</param>
/// <param name="Span">Where in the input, or null when it concerns the input as a whole.</param>
/// <param name="Suggestions">Corrected references, possibly none.</param>
public sealed record Diagnostic(
    string Code,
    Severity Severity,
    string Message,
    TextSpan? Span,
    IReadOnlyList<Suggestion> Suggestions);
