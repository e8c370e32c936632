using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace ImageRefApi.Benchmarks;

/// <summary>
/// A short job (the whole suite runs in about two minutes on 2 cores) with allocation figures: one launch, 3
/// warm-ups and 6 iterations of about 250 ms each. Min and Median are shown next to the Mean because a shared
/// virtual machine's stolen time lengthens some iterations: the minimum is the figure least disturbed by it.
/// </summary>
public static class ShortConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(6)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
                .WithId("Short"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Min, StatisticColumn.Median)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithOptions(ConfigOptions.JoinSummary);
}
