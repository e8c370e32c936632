using System.Globalization;
using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Tests.Corpus;

/// <summary>Each real-world failure of field-cases.jsonl: the fault is highlighted, the fix is offered, risks are named.</summary>
public sealed class FieldCaseTests
{
    private static readonly IReadOnlyList<CorpusRecord> Records = CorpusFiles.Read("field-cases.jsonl");
    private readonly ReferenceParser parser = new();

    public static TheoryData<string> Ids() => [.. Records.Select(r => r.Id!)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Analyze_FieldCase_HighlightsFaultAndOffersFix(string id)
    {
        var record = Records.Single(r => r.Id == id);
        var result = parser.Analyze(record.Input);
        var report = Report(result);

        // Stage-name cases describe a Dockerfile's AS operand, not a reference: DockerfileFieldCaseTests covers them.
        var offsets = record.Context!.StartsWith("dockerfile-stage-name", StringComparison.Ordinal) ? [] : Offsets(record.Diagnosis!);
        foreach (var offset in offsets)
        {
            Assert.True(
                result.Diagnostics.Any(d => d.Severity != Severity.Info && d.Span is { } s && s.Start <= offset && offset < s.Start + Math.Max(1, s.Length)),
                $"no error or warning covers offset {offset}:\n{report}");
        }

        if (record.FixIsReference)
        {
            Assert.True(
                result.Diagnostics.SelectMany(d => d.Suggestions).Any(s => s.Reference == record.Fix),
                $"no suggestion equals «{record.Fix}»:\n{report}");
        }

        if (record.Diagnosis!.StartsWith("VALID_BUT", StringComparison.Ordinal)
            || record.Diagnosis.StartsWith("VALID_SHORT_NAME", StringComparison.Ordinal)
            || record.Diagnosis.StartsWith("VALID_TAG_AND_DIGEST", StringComparison.Ordinal))
        {
            Assert.True(result.Valid, report);
            Assert.True(result.Diagnostics.Any(d => d.Severity is Severity.Warning or Severity.Info), $"no warning or info:\n{report}");
        }

        if (!record.Docker.Valid)
        {
            Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Error);
        }
    }

    /// <summary>Reads "idx=11", "idx=8,12", "idx=0..7" out of a diagnosis such as "PATH_UPPERCASE(idx=8,12)+X".</summary>
    internal static IEnumerable<int> Offsets(string diagnosis)
    {
        var at = 0;
        while ((at = diagnosis.IndexOf("idx=", at, StringComparison.Ordinal)) >= 0)
        {
            at += 4;
            var end = at;
            while (end < diagnosis.Length && (char.IsAsciiDigit(diagnosis[end]) || diagnosis[end] is ',' or '.'))
            {
                end++;
            }

            foreach (var part in diagnosis[at..end].Split(','))
            {
                var first = part.Split("..")[0];
                if (first.Length > 0)
                {
                    yield return int.Parse(first, CultureInfo.InvariantCulture);
                }
            }
        }
    }

    [Fact]
    public void Offsets_ReadsEveryForm()
    {
        Assert.Equal([8, 12], Offsets("PATH_UPPERCASE(idx=8,12)"));
        Assert.Equal([0], Offsets("URL_SCHEME(idx=0..7)"));
        Assert.Equal([0], Offsets("INVALID_CHAR(idx=0,\"^\")"));
        Assert.Equal([16], Offsets("NON_ASCII_CHAR(idx=16,U+2013)"));
        Assert.Equal([64, 81], Offsets("TAG_CONTAINS_SLASH(idx=64)+EMPTY_TAG(idx=81)"));
    }

    internal static string Report(ReferenceAnalysis result) =>
        $"input {System.Text.Json.JsonSerializer.Serialize(result.Input)} docker={result.Docker.Valid} {result.Docker.Error}\n"
        + string.Join('\n', result.Diagnostics.Select(d =>
            $"  {d.Severity} {d.Code} {d.Span} {d.Message}\n" + string.Join('\n', d.Suggestions.Select(s => $"      -> {s.Reference}  ({s.Description})"))));
}
