using System.Globalization;
using Parley.Analyzers.Bench;
using Parley.Analyzers.Rules;

// Usage: dotnet run -c Release --project tests/Parley.Analyzers.Bench [-- --runs N] [--keep] [--each] [--in-process]
// Prints one `name value unit` line per figure; the headline is `analyzer-build-overhead <value> %` (target: < 10 %).
var runs = 9;
var keep = false;
var each = false;
var builds = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
            runs = n;
            i++;
            break;
        case "--keep":
            keep = true;
            break;
        case "--in-process":
            builds = false; // skip the dotnet build timings
            break;
        case "--each":
            each = true; // also time each analyzer alone, in process
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--runs N] [--keep] [--each] [--in-process]");
            return 2;
    }
}

var directory = Path.Combine(Path.GetTempPath(), "parley-analyzer-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);
try
{
    var lines = BenchProject.Write(directory, typeof(DeterminismAnalyzer).Assembly.Location);
    Console.WriteLine($"# generated {lines} lines of C#, {BenchProject.StateMachines} state machines, in {directory}");

    if (each)
    {
        foreach (var (analyzer, ms) in await InProcessTimer.MeasureEachAsync(directory, runs))
        {
            Console.WriteLine($"compile-with-{analyzer}-alone {Ms(ms)} ms");
        }
    }

    var timer = new BuildTimer(directory);
    var without = new List<double>();
    var with = new List<double>();
    if (builds)
    {
        timer.Restore();
        timer.Build(withAnalyzers: false); // warm-up: build server, both ways
        timer.Build(withAnalyzers: true);
    }
    var cpuWithout = new List<double>();
    var cpuWith = new List<double>();
    for (var run = 0; builds && run < runs; run++)
    {
        // Alternate, so that load from other processes spreads over both.
        without.Add(timer.Build(withAnalyzers: false));
        with.Add(timer.Build(withAnalyzers: true));
        if (ChildCpu.Available)
        {
            cpuWithout.Add(timer.BuildCpu(withAnalyzers: false));
            cpuWith.Add(timer.BuildCpu(withAnalyzers: true));
        }
        Console.WriteLine($"# run {run + 1}: wall without {Ms(without[^1])} ms, with {Ms(with[^1])} ms"
            + (ChildCpu.Available ? $"; cpu without {Ms(cpuWithout[^1])} ms, with {Ms(cpuWith[^1])} ms" : ""));
    }

    var inProcess = await InProcessTimer.MeasureAsync(directory, runs);

    Console.WriteLine();
    Console.WriteLine("# figures (median)");
    Console.WriteLine($"analyzer-bench-lines {lines} lines");
    if (builds)
    {
        var buildWithout = InProcessTimer.Median(without);
        var buildWith = InProcessTimer.Median(with);
        Console.WriteLine($"build-wall-without-analyzers {Ms(buildWithout)} ms");
        Console.WriteLine($"build-wall-with-analyzers {Ms(buildWith)} ms");
        Console.WriteLine($"analyzer-build-overhead-wall {Percent(InProcessTimer.PairedOverheadPercent(without, with))} %");
        if (ChildCpu.Available)
        {
            // The headline: CPU time of a whole build, which other load on a shared machine distorts least.
            Console.WriteLine($"build-cpu-without-analyzers {Ms(InProcessTimer.Median(cpuWithout))} ms");
            Console.WriteLine($"build-cpu-with-analyzers {Ms(InProcessTimer.Median(cpuWith))} ms");
            Console.WriteLine($"analyzer-build-overhead {Percent(InProcessTimer.PairedOverheadPercent(cpuWithout, cpuWith))} %");
        }
        else
        {
            Console.WriteLine($"analyzer-build-overhead {Percent(InProcessTimer.PairedOverheadPercent(without, with))} %");
        }
    }
    // In process: CPU time to bind every body of the project, and what the analyzers add to it (the driver's operation
    // trees included), measured back to back.
    Console.WriteLine($"compile-bind-cpu {Ms(inProcess.WithoutMs)} ms");
    Console.WriteLine($"analyzer-compile-cpu {Ms(inProcess.AddedMs)} ms");
    if (inProcess.Diagnostics != 0)
    {
        Console.Error.WriteLine($"The benchmark project produced {inProcess.Diagnostics} determinism diagnostics; it should produce none.");
        return 1;
    }
    return 0;
}
finally
{
    if (!keep)
    {
        Directory.Delete(directory, recursive: true);
    }
}

static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);

static string Percent(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture);
