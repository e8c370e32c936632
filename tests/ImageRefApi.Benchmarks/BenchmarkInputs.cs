using System.Text.Json;

namespace ImageRefApi.Benchmarks;

/// <summary>The inputs of realistic-10k.jsonl (a copy of ../shared/corpus, see tests/TestData/README.md).</summary>
public static class BenchmarkInputs
{
    public const int Count = 10_000;

    public static string[] Realistic { get; } = Load();

    private static string[] Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "corpus", "realistic-10k.jsonl");
        var inputs = File.ReadLines(path)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("input").GetString()!)
            .ToArray();
        return inputs.Length == Count ? inputs : throw new InvalidOperationException($"expected {Count} inputs, found {inputs.Length}");
    }
}
