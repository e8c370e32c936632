using System.Text;
using BenchmarkDotNet.Attributes;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using ImageRefApi.Core.Scanning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageRefApi.Benchmarks;

/// <summary>Tag classification and policy evaluation over the valid references of realistic-10k.jsonl, per reference.</summary>
[BenchmarkCategory("Policy")]
public class PolicyBenchmarks
{
    private readonly ImageReference[] references;
    private readonly ReferenceAnalysis[] analyses;
    private readonly ITagPolicyService policies;
    private readonly TagPolicy strict;
    private readonly TagPolicy @default;

    public PolicyBenchmarks()
    {
        var parser = new ReferenceParser();
        analyses = [.. BenchmarkInputs.Realistic.Select(parser.Analyze).Where(a => a.Valid)];
        references = [.. analyses.Select(a => a.Reference!)];
        var services = new ServiceCollection().AddTagPolicies(new ConfigurationBuilder().Build()).BuildServiceProvider();
        policies = services.GetRequiredService<ITagPolicyService>();
        strict = policies.TryGetPolicy("strict", out var s) ? s : throw new InvalidOperationException("no strict preset");
        @default = policies.TryGetPolicy("default", out var d) ? d : throw new InvalidOperationException("no default preset");
    }

    public int Count => references.Length;

    [Benchmark(Description = "TagClassifier.Classify (per reference)", OperationsPerInvoke = 9143)]
    public int Classify()
    {
        var n = 0;
        foreach (var r in references)
        {
            n += (int)TagClassifier.Classify(r).Kind;
        }

        return n;
    }

    [Benchmark(Description = "Policy 'default' evaluate (per reference)", OperationsPerInvoke = 9143)]
    public int EvaluateDefault()
    {
        var n = 0;
        foreach (var a in analyses)
        {
            n += policies.Evaluate(a, @default, "default").Compliant ? 1 : 0;
        }

        return n;
    }

    [Benchmark(Description = "Policy 'strict' evaluate (per reference)", OperationsPerInvoke = 9143)]
    public int EvaluateStrict()
    {
        var n = 0;
        foreach (var a in analyses)
        {
            n += policies.Evaluate(a, strict, "strict").Compliant ? 1 : 0;
        }

        return n;
    }
}

/// <summary>Scanning files of 10,000 references each (the "10,000-line file in well under a second").</summary>
[BenchmarkCategory("Scan")]
public class ScanBenchmarks
{
    private readonly FileScanner scanner = new();
    private readonly ReferenceParser parser = new();
    private readonly string dockerfile;
    private readonly string manifest;
    private readonly string compose;

    public ScanBenchmarks()
    {
        var refs = BenchmarkInputs.Realistic.Where(r => ImageReference.IsValid(r)).Take(BenchmarkInputs.Count).ToArray();
        var d = new StringBuilder("# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\n");
        var k = new StringBuilder();
        var c = new StringBuilder("services:\n");
        for (var i = 0; i < 10_000; i++)
        {
            var r = refs[i % refs.Length];
            d.Append("FROM ").Append(r).Append(" AS s").Append(i).Append('\n');
            k.Append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p").Append(i).Append("\nspec:\n  containers:\n    - name: c\n      image: \"").Append(r).Append("\"\n");
            c.Append("  s").Append(i).Append(":\n    image: \"").Append(r).Append("\"\n");
        }

        dockerfile = d.ToString();
        manifest = k.ToString();
        compose = c.ToString();
    }

    [Benchmark(Description = "Scan Dockerfile, 10,000 FROM lines")]
    public int Dockerfile() => scanner.Scan(new ScanInput(ScanKind.Dockerfile, "Dockerfile", dockerfile), parser.Analyze).Findings.Count;

    [Benchmark(Description = "Scan Kubernetes, 10,000 Pods")]
    public int Kubernetes() => scanner.Scan(new ScanInput(ScanKind.Kubernetes, "pods.yaml", manifest), parser.Analyze).Findings.Count;

    [Benchmark(Description = "Scan Compose, 10,000 services")]
    public int Compose() => scanner.Scan(new ScanInput(ScanKind.Compose, "compose.yaml", compose), parser.Analyze).Findings.Count;
}
