using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Scanning;

/// <summary>Finds and positions the image references of a Dockerfile, Compose file or Kubernetes manifest.</summary>
public interface IFileScanner
{
    /// <summary>
    /// Scans <paramref name="input"/> and judges every resolvable reference with <paramref name="judge"/>
    /// (typically the parser's <see cref="IReferenceParser.Analyze"/>, or a tag policy wrapping it). Never throws
    /// for any content: problems of the file become positioned diagnostics.
    /// </summary>
    /// <param name="input">The file.</param>
    /// <param name="judge">Called once per distinct resolved reference; its diagnostics' spans are relative to
    /// the string it was given.</param>
    ScanReport Scan(ScanInput input, Func<string, ReferenceAnalysis> judge);
}

/// <summary>The file scanner. Stateless and thread-safe; register it as a singleton.</summary>
public sealed class FileScanner : IFileScanner
{
    /// <inheritdoc />
    public ScanReport Scan(ScanInput input, Func<string, ReferenceAnalysis> judge)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(judge);
        var content = input.Content ?? "";
        var sink = new ScanSink();
        var kind = input.Kind;
        YamlDocuments? yaml = null;
        if (kind == ScanKind.Auto)
        {
            kind = KindDetector.FromPath(input.Path) ?? KindDetector.FromContent(content, out yaml);
        }

        switch (kind)
        {
            case ScanKind.Dockerfile:
                DockerfileReader.Read(content, sink);
                break;
            case ScanKind.Compose or ScanKind.Kubernetes:
                yaml ??= YamlDocuments.Parse(content);
                if (kind == ScanKind.Compose)
                {
                    ComposeReader.Read(content, yaml, sink);
                }
                else
                {
                    KubernetesReader.Read(content, yaml, sink);
                }

                if (yaml.Error is { } error)
                {
                    sink.Diagnostics.Add(error);
                }

                break;
            default:
                if (yaml?.Error is { } yamlError)
                {
                    sink.Diagnostics.Add(yamlError);
                }

                sink.Add(ScanDiagnostics.UnknownKind, Severity.Error,
                    "The content is neither a Dockerfile (FROM or ARG first), a Compose file (a services mapping) nor a Kubernetes manifest (apiVersion and kind); give the kind explicitly.", 0, 0);
                break;
        }

        return Build(kind, input.Path, content, sink, judge);
    }

    private static ScanReport Build(ScanKind kind, string? path, string content, ScanSink sink, Func<string, ReferenceAnalysis> judge)
    {
        var map = new LineMap(content);
        var verdicts = new Dictionary<string, ReferenceAnalysis>(StringComparer.Ordinal);
        var findings = new List<ScanFinding>(sink.Findings.Count);
        int valid = 0, invalid = 0, unresolved = 0;
        var counts = new int[3];
        foreach (var raw in sink.Findings)
        {
            var location = map.Location(raw.Start, raw.End);
            if (raw.Resolved is null)
            {
                unresolved++;
                findings.Add(new ScanFinding(raw.Reference, null, location, raw.Context, raw.Resource, raw.Substitutions, null, []));
                continue;
            }

            if (!verdicts.TryGetValue(raw.Resolved, out var analysis))
            {
                analysis = judge(raw.Resolved);
                verdicts[raw.Resolved] = analysis;
            }

            if (analysis.Valid)
            {
                valid++;
            }
            else
            {
                invalid++;
            }

            var diagnostics = MapDiagnostics(content, map, raw, location, analysis);
            foreach (var d in diagnostics)
            {
                counts[(int)d.Diagnostic.Severity]++;
            }

            findings.Add(new ScanFinding(raw.Reference, raw.Resolved, location, raw.Context, raw.Resource, raw.Substitutions, analysis, diagnostics));
        }

        // Stable: diagnostics at the same place keep the order they were found in.
        var fileDiagnostics = sink.Diagnostics
            .OrderBy(d => d.Start)
            .Select(d => new LocatedDiagnostic(d.Diagnostic, map.Location(d.Start, d.End)))
            .ToList();
        foreach (var d in fileDiagnostics)
        {
            counts[(int)d.Diagnostic.Severity]++;
        }

        var summary = new ScanSummary(findings.Count, valid, invalid, unresolved, counts[(int)Severity.Error], counts[(int)Severity.Warning], counts[(int)Severity.Info]);
        return new ScanReport(kind, path, findings, fileDiagnostics, summary);
    }

    /// <summary>
    /// Spans are relative to the resolved string. When the file holds exactly that string at the finding's
    /// place (no substitution, no quotes or escapes in between), a span maps to the same characters in the file;
    /// otherwise, and for diagnostics without a span, the location is the whole reference as written.
    /// </summary>
    private static List<LocatedDiagnostic> MapDiagnostics(string content, LineMap map, RawFinding raw, FileLocation whole, ReferenceAnalysis analysis)
    {
        var resolved = raw.Resolved!;
        var exact = raw.End - raw.Start == resolved.Length && content.AsSpan(raw.Start, raw.End - raw.Start).SequenceEqual(resolved);
        var result = new List<LocatedDiagnostic>(analysis.Diagnostics.Count + 1);
        var hasError = false;
        foreach (var diagnostic in analysis.Diagnostics)
        {
            hasError |= diagnostic.Severity == Severity.Error;
            var location = whole;
            if (exact && diagnostic.Span is { } span && span.Start >= 0 && span.Length >= 0 && span.End <= resolved.Length)
            {
                location = map.Location(raw.Start + span.Start, raw.Start + span.End);
            }

            result.Add(new LocatedDiagnostic(diagnostic, location));
        }

        if (!analysis.Valid && !hasError)
        {
            var reason = analysis.Docker.Error is { } error ? $": {error}" : "";
            result.Add(new LocatedDiagnostic(
                new Diagnostic(ScanDiagnostics.InvalidReference, Severity.Error, $"Docker refuses the reference \"{resolved}\"{reason}", null, []),
                whole));
        }

        return result;
    }
}
