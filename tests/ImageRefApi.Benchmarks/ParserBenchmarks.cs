using BenchmarkDotNet.Attributes;
using ImageRefApi.Core.Parsing;

namespace ImageRefApi.Benchmarks;

/// <summary>
/// The parser against a regular-expression baseline, each over all 10,000 inputs of realistic-10k.jsonl;
/// figures are per reference (OperationsPerInvoke).
/// </summary>
[BenchmarkCategory("Parser")]
public class ParserBenchmarks
{
    private readonly string[] inputs = BenchmarkInputs.Realistic;
    private readonly ReferenceParser parser = new();
    private ResultCopy[] results = [];

    [GlobalSetup]
    public void Setup()
    {
        results = [.. inputs.Select(input => new ResultCopy(parser.Analyze(input)))];
        ResultCopy.CheckCopies(results);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BenchmarkInputs.Count, Description = "Regex baseline: full result")]
    public int RegexFull()
    {
        var n = 0;
        foreach (var input in inputs)
        {
            n += RegexBaseline.Parse(input).Valid ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Count, Description = "Parser: full result (Analyze)")]
    public int ParserFull()
    {
        var n = 0;
        foreach (var input in inputs)
        {
            n += parser.Analyze(input).Diagnostics.Count;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Count, Description = "Result floor: Analyze's results rebuilt, no analysis")]
    public int ResultFloor()
    {
        var n = 0;
        foreach (var result in results)
        {
            n += result.Copy().Diagnostics.Count;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Count, Description = "Regex baseline: IsMatch only")]
    public int RegexIsMatch()
    {
        var n = 0;
        foreach (var input in inputs)
        {
            n += RegexBaseline.IsMatch(input) ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkInputs.Count, Description = "Parser: validity only (IsValid)")]
    public int ParserIsValid()
    {
        var n = 0;
        foreach (var input in inputs)
        {
            n += parser.IsValid(input) ? 1 : 0;
        }

        return n;
    }
}

/// <summary>One valid reference, to show that a full parse allocates only its result.</summary>
[BenchmarkCategory("Allocation")]
public class SingleReferenceBenchmarks
{
    private readonly ReferenceParser parser = new();

    [Params("ghcr.io/acme/api:1.25.3", "nginx:1.27", "registry.example.com:5000/team/app:v2.1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public string Input { get; set; } = string.Empty;

    [Benchmark(Description = "ImageReference.Parse")]
    public ImageReference Parse() => ImageReference.Parse(Input);

    [Benchmark(Description = "Analyze")]
    public ReferenceAnalysis Analyze() => parser.Analyze(Input);
}
