using BenchmarkDotNet.Running;
using ImageRefApi.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkInputs).Assembly).Run(args, ShortConfig.Create());
