using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRefApi.Core.Tests.Corpus;

public sealed record EngineExpectation(
    bool Valid,
    string? Error,
    string? Registry = null,
    string? Repository = null,
    string? Tag = null,
    string? Digest = null,
    string? Canonical = null,
    string? Familiar = null);

public sealed record CorpusRecord(
    string Input,
    EngineExpectation Docker,
    EngineExpectation Podman,
    string? Source = null,
    string? Id = null,
    string? Context = null,
    string? Diagnosis = null,
    string? Fix = null,
    [property: JsonPropertyName("fix_is_reference")] bool FixIsReference = false,
    [property: JsonPropertyName("root_cause")] string? RootCause = null)
{
    public override string ToString() => Id ?? Input;
}

/// <summary>Reads the copies in tests/TestData/corpus (see its README for where they come from).</summary>
public static class CorpusFiles
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "corpus");

    public static IReadOnlyList<CorpusRecord> Read(string fileName) =>
        File.ReadLines(Path.Combine(Directory, fileName))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<CorpusRecord>(line, Options)!)
            .ToList();

    /// <summary>Every record of a file, as xunit theory data (index keeps the case names short and unique).</summary>
    public static TheoryData<string, int> Cases(string fileName)
    {
        var data = new TheoryData<string, int>();
        var count = Read(fileName).Count;
        for (var i = 0; i < count; i++)
        {
            data.Add(fileName, i);
        }

        return data;
    }
}
