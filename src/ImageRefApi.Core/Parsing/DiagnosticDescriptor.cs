namespace ImageRefApi.Core.Parsing;

/// <summary>One entry of the diagnostics catalog.</summary>
/// <param name="Code">The stable code (UPPER_SNAKE_CASE).</param>
/// <param name="Title">A few words.</param>
/// <param name="Severity">The default severity.</param>
/// <param name="Description">What it means and what to do about it.</param>
/// <param name="Example">An input that produces it.</param>
public sealed record DiagnosticDescriptor(string Code, string Title, Severity Severity, string Description, string Example);
