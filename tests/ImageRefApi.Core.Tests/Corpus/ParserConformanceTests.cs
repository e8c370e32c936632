using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Core.Tests.Corpus;

/// <summary>Every record of the three corpus files, field by field, against the real parsers' answers.</summary>
public sealed class ParserConformanceTests
{
    private static readonly Dictionary<string, IReadOnlyList<CorpusRecord>> Files = new()
    {
        ["conformance.jsonl"] = CorpusFiles.Read("conformance.jsonl"),
        ["realistic-10k.jsonl"] = CorpusFiles.Read("realistic-10k.jsonl"),
        ["field-cases.jsonl"] = CorpusFiles.Read("field-cases.jsonl"),
    };

    private readonly ReferenceParser parser = new();

    [Theory]
    [InlineData("conformance.jsonl")]
    [InlineData("realistic-10k.jsonl")]
    [InlineData("field-cases.jsonl")]
    public void Analyze_EveryCorpusRecord_AgreesWithDockerAndPodman(string file)
    {
        var failures = new List<string>();
        foreach (var record in Files[file])
        {
            var result = parser.Analyze(record.Input);
            var d = record.Docker;
            var r = result.Reference;
            Compare(failures, record, "docker.valid", d.Valid, result.Docker.Valid);
            Compare(failures, record, "docker.error", d.Error, result.Docker.Error);
            Compare(failures, record, "podman.valid", record.Podman.Valid, result.Podman.Valid);
            Compare(failures, record, "podman.error", record.Podman.Error, result.Podman.Error);
            Compare(failures, record, "registry", d.Registry, r?.Registry);
            Compare(failures, record, "repository", d.Repository, r?.Repository);
            Compare(failures, record, "tag", d.Tag, r?.Tag);
            Compare(failures, record, "digest", d.Digest, r?.Digest);
            Compare(failures, record, "canonical", d.Canonical, r?.Canonical);
            Compare(failures, record, "familiar", d.Familiar, r?.Familiar);
            Compare(failures, record, "Parse/TryParse", d.Valid, ImageReference.TryParse(record.Input, out _));
            Compare(failures, record, "IsValid", d.Valid, ImageReference.IsValid(record.Input));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} disagreements:\n" + string.Join('\n', failures.Take(60)));
    }

    [Fact]
    public void Corpus_FilesAreNotEmpty()
    {
        Assert.Equal(481, Files["conformance.jsonl"].Count);
        Assert.Equal(10_000, Files["realistic-10k.jsonl"].Count);
        Assert.Equal(70, Files["field-cases.jsonl"].Count);
    }

    private static void Compare<T>(List<string> failures, CorpusRecord record, string field, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            failures.Add($"{Escape(record.Input)} {field}: expected «{expected}», got «{actual}»");
        }
    }

    private static string Escape(string s) => System.Text.Json.JsonSerializer.Serialize(s.Length > 120 ? s[..120] + "…" : s);
}
