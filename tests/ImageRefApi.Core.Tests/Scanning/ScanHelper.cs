using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Scanning;

namespace ImageRefApi.Core.Tests.Scanning;

internal static class ScanHelper
{
    private static readonly ReferenceParser Parser = new();

    public static ScanReport Scan(ScanKind kind, string content, string? path = null) =>
        new FileScanner().Scan(new ScanInput(kind, path, content), Parser.Analyze);

    /// <summary>The text at a location, read back from the content (EndColumn exclusive).</summary>
    public static string TextAt(string content, FileLocation location)
    {
        var lines = content.ReplaceLineEndings("\n").Split('\n');
        if (location.Line == location.EndLine)
        {
            return lines[location.Line - 1][(location.Column - 1)..(location.EndColumn - 1)];
        }

        var parts = new List<string> { lines[location.Line - 1][(location.Column - 1)..] };
        for (var l = location.Line + 1; l < location.EndLine; l++)
        {
            parts.Add(lines[l - 1]);
        }

        parts.Add(lines[location.EndLine - 1][..(location.EndColumn - 1)]);
        return string.Join("\n", parts);
    }

    public static LocatedDiagnostic Single(ScanReport report, string code) =>
        Assert.Single(report.Diagnostics, d => d.Diagnostic.Code == code);
}
