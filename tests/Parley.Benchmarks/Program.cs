using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Parley.Benchmarks;

/// <summary>
/// Runs the micro-benchmarks (all, or those matching <c>--filter</c>) and prints, at the end, one
/// <c>name value unit</c> line per figure: the median time of each benchmark, named by its
/// <c>[Benchmark(Description = "...")]</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var quick = args.Contains("--quick");
        args = args.Where(a => a != "--quick").ToArray();
        var config = DefaultConfig.Instance
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .AddJob(quick ? Job.ShortRun : Job.Default.WithWarmupCount(3).WithIterationCount(15));
        if (args.Length == 0)
        {
            args = ["--filter", "*"];
        }
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToArray();
        Console.WriteLine();
        Console.WriteLine("# figures (median)");
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            Console.WriteLine(Format(report));
            if (report.BenchmarkCase.Descriptor.Type.IsDefined(typeof(Generator.ReportP95Attribute), false) &&
                report.ResultStatistics is { } p95Stats)
            {
                Console.WriteLine(Format(report, "-p95", p95Stats.Percentiles.P95));
            }
        }
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static string Format(BenchmarkReport report) => Format(report, string.Empty, null);

    private static string Format(BenchmarkReport report, string suffix, double? value)
    {
        var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
        if (report.BenchmarkCase.HasParameters)
        {
            name += "-" + string.Join("-", report.BenchmarkCase.Parameters.Items.Select(p => p.Value?.ToString()));
        }
        name = name.Replace(' ', '-');
        if (report.ResultStatistics is not { } stats)
        {
            return $"{name} failed -";
        }
        name += suffix;
        var ns = value ?? stats.Median;
        return ns >= 10_000
            ? $"{name} {(ns / 1000).ToString("0.0", CultureInfo.InvariantCulture)} us"
            : $"{name} {ns.ToString("0", CultureInfo.InvariantCulture)} ns";
    }
}
