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

    using var timer = new BuildTimer(directory);
    var warmOff = new List<BuildTimer.Sample>();
    var warmOn = new List<BuildTimer.Sample>();
    var coldOff = new List<BuildTimer.Sample>();
    var coldOn = new List<BuildTimer.Sample>();
    if (builds)
    {
        timer.Restore();
        timer.Warm(withAnalyzers: false); // warm-up: starts the private compiler server and JIT-compiles both ways
        timer.Warm(withAnalyzers: true);
        Console.WriteLine($"# private compiler server: {timer.ServerDescription}");
        if (timer.VerifyAnalyzersRun() is { } problem)
        {
            Console.Error.WriteLine("The analyzers do not run in the benchmark builds: " + problem);
            return 1;
        }
        Console.WriteLine("# checked: a clock read in a state machine fails the build with the analyzers (warm and cold), not without");
    }
    for (var run = 0; builds && run < runs; run++)
    {
        // Alternate, so that load from other processes spreads over both.
        warmOff.Add(timer.Warm(withAnalyzers: false));
        warmOn.Add(timer.Warm(withAnalyzers: true));
        coldOff.Add(timer.Cold(withAnalyzers: false));
        coldOn.Add(timer.Cold(withAnalyzers: true));
        Console.WriteLine(
            $"# run {run + 1}: warm cpu {Ms(warmOff[^1].CpuMs)} -> {Ms(warmOn[^1].CpuMs)} ms, wall {Ms(warmOff[^1].WallMs)} -> {Ms(warmOn[^1].WallMs)} ms; "
            + $"cold cpu {Ms(coldOff[^1].CpuMs)} -> {Ms(coldOn[^1].CpuMs)} ms");
    }

    var inProcess = await InProcessTimer.MeasureAsync(directory, runs);

    Console.WriteLine();
    Console.WriteLine("# figures (median)");
    Console.WriteLine($"analyzer-bench-lines {lines} lines");
    if (builds)
    {
        static List<double> Cpu(List<BuildTimer.Sample> samples) => samples.Select(s => s.CpuMs).ToList();
        static List<double> Wall(List<BuildTimer.Sample> samples) => samples.Select(s => s.WallMs).ToList();
        Console.WriteLine($"build-cpu-without-analyzers {Ms(InProcessTimer.Median(Cpu(warmOff)))} ms");
        Console.WriteLine($"build-cpu-with-analyzers {Ms(InProcessTimer.Median(Cpu(warmOn)))} ms");
        Console.WriteLine($"analyzer-build-overhead {Percent(InProcessTimer.PairedOverheadPercent(Cpu(warmOff), Cpu(warmOn)))} %");
        Console.WriteLine($"build-wall-without-analyzers {Ms(InProcessTimer.Median(Wall(warmOff)))} ms");
        Console.WriteLine($"build-wall-with-analyzers {Ms(InProcessTimer.Median(Wall(warmOn)))} ms");
        Console.WriteLine($"analyzer-build-overhead-wall {Percent(InProcessTimer.PairedOverheadPercent(Wall(warmOff), Wall(warmOn)))} %");
        Console.WriteLine($"build-cold-cpu-without-analyzers {Ms(InProcessTimer.Median(Cpu(coldOff)))} ms");
        Console.WriteLine($"build-cold-cpu-with-analyzers {Ms(InProcessTimer.Median(Cpu(coldOn)))} ms");
        Console.WriteLine($"analyzer-build-overhead-cold {Percent(InProcessTimer.PairedOverheadPercent(Cpu(coldOff), Cpu(coldOn)))} %");
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
