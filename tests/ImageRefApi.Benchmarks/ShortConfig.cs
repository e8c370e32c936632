using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace ImageRefApi.Benchmarks;

/// <summary>A short job (the whole suite runs in about two minutes on 2 cores) with allocation figures.</summary>
public static class ShortConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(6).WithId("Short"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithOptions(ConfigOptions.JoinSummary);
}
