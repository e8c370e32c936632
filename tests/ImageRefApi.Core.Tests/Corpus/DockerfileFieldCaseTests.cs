using System.Globalization;
using System.Text;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Scanning;

namespace ImageRefApi.Core.Tests.Corpus;

/// <summary>
/// The field cases that happened in a Dockerfile (context <c>dockerfile-stage-name</c> or <c>dockerfile-from</c>):
/// each is rebuilt as the Dockerfile its context describes and scanned; a real problem must be flagged by an
/// error or warning at the characters concerned, a valid reference must come out valid.
/// </summary>
public sealed class DockerfileFieldCaseTests
{
    private static readonly IReadOnlyList<CorpusRecord> Records = CorpusFiles.Read("field-cases.jsonl")
        .Where(r => r.Context!.StartsWith("dockerfile-stage-name", StringComparison.Ordinal) || r.Context.StartsWith("dockerfile-from", StringComparison.Ordinal))
        .ToList();

    private static readonly string[] Instructions = ["FROM", "ARG", "COPY", "RUN"];

    private readonly ReferenceParser parser = new();

    public static TheoryData<string> Ids() => [.. Records.Select(r => r.Id!)];

    [Fact]
    public void Corpus_DockerfileCases_IncludeTheStageNameAndFromCases()
    {
        // Guards the filter: the cases the scanner was written for are really selected from the corpus.
        Assert.Superset(new HashSet<string> { "F016", "F018", "F019" }, Records.Select(r => r.Id!).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Scan_DockerfileFieldCase_FlagsTheFaultWhereItIs(string id)
    {
        var record = Records.Single(r => r.Id == id);
        var lines = Dockerfile(record);
        var content = string.Join('\n', lines) + "\n";
        var report = Scan(content);

        // The case's input came from a FROM whose variables expanded differently: the root causes are build
        // arguments passed empty, which override the ARG defaults. Rebuild the file with those values.
        if (IsFrom(record) && !report.Findings.Any(f => f.Resolved == record.Input) && lines.Any(l => Words(l).Contains("FROM") && l.Contains('$', StringComparison.Ordinal)))
        {
            lines = [.. lines.Select(l => l.StartsWith("ARG ", StringComparison.Ordinal) ? $"ARG {l[4..].Split('=')[0].Trim()}=" : l)];
            content = string.Join('\n', lines) + "\n";
            report = Scan(content);
            Assert.True(report.Findings.Any(f => f.Resolved == record.Input), $"the Dockerfile built from the context never yields «{record.Input}»:\n{Describe(content, report)}");
        }

        var diagnostics = report.Diagnostics.Concat(report.Findings.SelectMany(f => f.Diagnostics)).ToList();
        if (record.Diagnosis!.StartsWith("VALID", StringComparison.Ordinal))
        {
            var finding = Assert.Single(report.Findings, f => f.Resolved == record.Input);
            Assert.True(finding.Result!.Valid, Describe(content, report));
            Assert.DoesNotContain(diagnostics, d => d.Diagnostic.Severity == Severity.Error);
            return;
        }

        var targets = Occurrences(lines, record.Input)
            .Concat(report.Findings.Where(f => f.Resolved == record.Input).Select(f => f.Location))
            .ToList();
        Assert.NotEmpty(targets);
        Assert.True(
            diagnostics.Any(d => d.Diagnostic.Severity != Severity.Info && targets.Any(t => Overlaps(d.Location, t))),
            $"no error or warning covers «{record.Input}» ({record.Diagnosis}):\n{Describe(content, report)}");
    }

    /// <summary>
    /// The Dockerfile lines a context describes: its backtick-quoted instructions (before a ';', which starts
    /// remarks such as "also …" or a Compose snippet), plus the case's own line when the context only sets the
    /// scene: <c>FROM scratch AS input</c> for a stage name, <c>FROM input</c> for a FROM operand.
    /// </summary>
    internal static List<string> Dockerfile(CorpusRecord record)
    {
        var context = record.Context!;
        var semicolon = context.IndexOf(';', StringComparison.Ordinal);
        var described = semicolon < 0 ? context : context[..semicolon];
        var lines = described.Split('`').Where((_, i) => i % 2 == 1).Where(s => Instructions.Contains(Words(s).FirstOrDefault())).ToList();
        if (IsFrom(record))
        {
            // Already there when some FROM names the input, or builds it from variables.
            var froms = lines.Where(l => Words(l)[0] == "FROM").Select(Operand).ToList();
            if (!froms.Any(o => o == record.Input || o.Contains('$', StringComparison.Ordinal)))
            {
                lines.Add($"FROM {record.Input}");
            }
        }
        else if (!lines.Any(l => Words(l) is ["FROM", .., "AS" or "as", var name] && name == record.Input))
        {
            lines.Add($"FROM scratch AS {record.Input}");
        }

        return lines;
    }

    private static bool IsFrom(CorpusRecord record) => record.Context!.StartsWith("dockerfile-from", StringComparison.Ordinal);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Operand(string fromLine) => Words(fromLine).Skip(1).First(w => !w.StartsWith("--", StringComparison.Ordinal));

    private ScanReport Scan(string content) => new FileScanner().Scan(new ScanInput(ScanKind.Dockerfile, "Dockerfile", content), parser.Analyze);

    /// <summary>Every place the input is written as a whole word.</summary>
    private static IEnumerable<FileLocation> Occurrences(List<string> lines, string input)
    {
        for (var l = 0; l < lines.Count; l++)
        {
            var at = 0;
            while ((at = lines[l].IndexOf(input, at, StringComparison.Ordinal)) >= 0)
            {
                var end = at + input.Length;
                if ((at == 0 || lines[l][at - 1] is ' ' or '=') && (end == lines[l].Length || lines[l][end] == ' '))
                {
                    yield return new FileLocation(l + 1, at + 1, l + 1, end + 1);
                }

                at = end;
            }
        }
    }

    private static bool Overlaps(FileLocation a, FileLocation b) =>
        Before(a.Line, a.Column, b.EndLine, b.EndColumn) && Before(b.Line, b.Column, a.EndLine, a.EndColumn);

    // Position (l1, c1) is strictly before (l2, c2); with exclusive ends this is "ranges intersect".
    private static bool Before(int l1, int c1, int l2, int c2) => l1 < l2 || (l1 == l2 && c1 < c2);

    private static string Describe(string content, ScanReport report)
    {
        var text = new StringBuilder(content);
        foreach (var d in report.Diagnostics.Concat(report.Findings.SelectMany(f => f.Diagnostics)))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {d.Location.Line}:{d.Location.Column}-{d.Location.EndLine}:{d.Location.EndColumn} {d.Diagnostic.Severity} {d.Diagnostic.Code}: {d.Diagnostic.Message}\n");
        }

        foreach (var f in report.Findings)
        {
            text.Append(CultureInfo.InvariantCulture, $"  finding {f.Context} «{f.Reference}» → «{f.Resolved}» valid={f.Result?.Valid}\n");
        }

        return text.ToString();
    }
}
