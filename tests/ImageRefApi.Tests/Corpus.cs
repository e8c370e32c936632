using System.Text.Json;

namespace ImageRefApi.Tests;

public sealed record CorpusEngine(bool Valid, string? Error, string? Registry = null, string? Repository = null, string? Tag = null, string? Digest = null, string? Canonical = null, string? Familiar = null);

public sealed record CorpusRecord(string Input, CorpusEngine Docker, CorpusEngine Podman);

/// <summary>The copies of the shared corpus in tests/TestData/corpus (see its README).</summary>
public static class Corpus
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CorpusRecord> Read(string fileName) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "corpus", fileName))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<CorpusRecord>(line, Options)!)
            .ToList();
}
