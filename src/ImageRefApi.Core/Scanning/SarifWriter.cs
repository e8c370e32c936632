using System.Text.Json;
using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Scanning;

/// <summary>
/// Writes a <see cref="ScanReport"/> as SARIF 2.1.0 (OASIS): one run, tool driver <c>ImageRefApi</c> with the
/// given rules, one result per diagnostic (file-level and per finding) in file order, regions in 1-based lines
/// and UTF-16 columns with an exclusive <c>endColumn</c>, and fixes for suggestions where the file holds the
/// reference literally.
/// </summary>
public static class SarifWriter
{
    /// <summary>The media type of SARIF documents.</summary>
    public const string MediaType = "application/sarif+json";

    private const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// <summary>Writes the SARIF log as UTF-8 JSON to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="report">The scan result.</param>
    /// <param name="rules">The catalog of diagnostic descriptors to list as the driver's rules.</param>
    /// <param name="toolVersion">An optional tool version.</param>
    public static void Write(Stream stream, ScanReport report, IReadOnlyList<DiagnosticDescriptor> rules, string? toolVersion = null)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        Write(writer, report, rules, toolVersion);
    }

    /// <summary>The SARIF log as UTF-8 JSON bytes.</summary>
    public static byte[] ToUtf8Bytes(ScanReport report, IReadOnlyList<DiagnosticDescriptor> rules, string? toolVersion = null)
    {
        using var stream = new MemoryStream();
        Write(stream, report, rules, toolVersion);
        return stream.ToArray();
    }

    /// <summary>Writes the SARIF log to <paramref name="writer"/> and flushes it.</summary>
    public static void Write(Utf8JsonWriter writer, ScanReport report, IReadOnlyList<DiagnosticDescriptor> rules, string? toolVersion = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rules);

        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "ImageRefApi");
        if (!string.IsNullOrEmpty(toolVersion))
        {
            writer.WriteString("version", toolVersion);
        }

        writer.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            if (!ruleIndex.TryAdd(rule.Code, ruleIndex.Count))
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("id", rule.Code);
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title);
            writer.WriteEndObject();
            writer.WriteStartObject("fullDescription");
            writer.WriteString("text", rule.Description);
            writer.WriteEndObject();
            writer.WriteStartObject("help");
            writer.WriteString("text", $"{rule.Description} Example: {rule.Example}");
            writer.WriteEndObject();
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.Severity));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        var results = new List<(LocatedDiagnostic Diagnostic, ScanFinding? Finding)>();
        results.AddRange(report.Diagnostics.Select(d => (d, (ScanFinding?)null)));
        foreach (var finding in report.Findings)
        {
            results.AddRange(finding.Diagnostics.Select(d => (d, (ScanFinding?)finding)));
        }

        writer.WriteStartArray("results");
        foreach (var (located, finding) in results.OrderBy(r => r.Diagnostic.Location.Line).ThenBy(r => r.Diagnostic.Location.Column))
        {
            Result(writer, report.Path, located, finding, ruleIndex);
        }

        writer.WriteEndArray();
        writer.WriteString("columnKind", "utf16CodeUnits");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void Result(Utf8JsonWriter writer, string? path, LocatedDiagnostic located, ScanFinding? finding, Dictionary<string, int> ruleIndex)
    {
        var diagnostic = located.Diagnostic;
        writer.WriteStartObject();
        writer.WriteString("ruleId", diagnostic.Code);
        if (ruleIndex.TryGetValue(diagnostic.Code, out var index))
        {
            writer.WriteNumber("ruleIndex", index);
        }

        writer.WriteString("level", Level(diagnostic.Severity));
        writer.WriteStartObject("message");
        writer.WriteString("text", diagnostic.Message);
        writer.WriteEndObject();

        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        ArtifactLocation(writer, path);
        Region(writer, "region", located.Location);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();

        // A fix rewrites the reference as written; where it came from variables that would drop them, so none.
        if (finding is not null && diagnostic.Suggestions.Count > 0 && finding.Substitutions.Count == 0
            && string.Equals(finding.Reference, finding.Resolved, StringComparison.Ordinal))
        {
            writer.WriteStartArray("fixes");
            foreach (var suggestion in diagnostic.Suggestions)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("description");
                writer.WriteString("text", suggestion.Description);
                writer.WriteEndObject();
                writer.WriteStartArray("artifactChanges");
                writer.WriteStartObject();
                ArtifactLocation(writer, path);
                writer.WriteStartArray("replacements");
                writer.WriteStartObject();
                Region(writer, "deletedRegion", finding.Location);
                writer.WriteStartObject("insertedContent");
                writer.WriteString("text", suggestion.Reference);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (finding is not null)
        {
            writer.WriteStartObject("properties");
            writer.WriteString("reference", finding.Reference);
            if (finding.Resolved is null)
            {
                writer.WriteNull("resolved");
            }
            else
            {
                writer.WriteString("resolved", finding.Resolved);
            }

            writer.WriteString("context", finding.Context);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void ArtifactLocation(Utf8JsonWriter writer, string? path)
    {
        writer.WriteStartObject("artifactLocation");
        if (!string.IsNullOrEmpty(path))
        {
            // A relative URI reference: each path segment percent-encoded, separators kept.
            writer.WriteString("uri", string.Join('/', path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString)));
        }

        writer.WriteEndObject();
    }

    private static void Region(Utf8JsonWriter writer, string name, FileLocation location)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("startLine", location.Line);
        writer.WriteNumber("startColumn", location.Column);
        writer.WriteNumber("endLine", location.EndLine);
        writer.WriteNumber("endColumn", location.EndColumn);
        writer.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
