using System.Globalization;
using Parley.GasReport;
using Parley.TestSupport;

namespace Parley.Contracts.Tests;

/// <summary>The gas table against contracts/gas-snapshot.txt (at most 1% higher) and against Nitro's published figures.</summary>
public sealed class GasSnapshotTests
{
    private static readonly Lazy<Task<IReadOnlyList<GasFigure>>> Figures = new(() => GasScenarios.RunAsync());

    private static string Table(IEnumerable<GasFigure> figures) => string.Join('\n', figures);

    private static Dictionary<string, ulong> Snapshot()
    {
        var path = Path.Combine(RepoPaths.Root, "contracts", "gas-snapshot.txt");
        var snapshot = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(parts is [_, _, "gas"], $"malformed line in {path}: {line}");
            snapshot.Add(parts[0], ulong.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        return snapshot;
    }

    [Fact]
    public async Task No_figure_rises_more_than_one_percent_above_the_snapshot()
    {
        var figures = await Figures.Value;
        var snapshot = Snapshot();
        var problems = new List<string>();
        foreach (var figure in figures)
        {
            if (!snapshot.TryGetValue(figure.Name, out var committed))
            {
                problems.Add($"{figure.Name} is not in the snapshot");
            }
            else if (figure.Gas * 100 > committed * 101)
            {
                problems.Add($"{figure.Name} rose from {committed} to {figure.Gas} (+{(figure.Gas - committed) * 100.0 / committed:0.##}%)");
            }
        }
        problems.AddRange(snapshot.Keys.Except(figures.Select(f => f.Name)).Select(name => $"{name} is no longer measured"));
        Assert.True(problems.Count == 0,
            $"{string.Join("; ", problems)}.\nIf the change is deliberate, replace the figures in contracts/gas-snapshot.txt with:\n{Table(figures)}");
    }

    [Fact]
    public async Task Every_figure_is_at_or_below_nitros()
    {
        var figures = await Figures.Value;
        var above = figures.Where(f => f.Nitro is { } nitro && f.Gas > nitro).Select(f => $"{f.Name} {f.Gas} > nitro {f.Nitro}").ToList();
        Assert.True(above.Count == 0, string.Join("; ", above));
    }
}
