using System.Diagnostics;

namespace Parley.TestSupport;

/// <summary>
/// Runs Foundry's <c>cast</c> (npm <c>@foundry-rs/cast</c>) as an external oracle for ABI encoding, keccak and
/// signatures. Each call costs about 17 ms: batch oracle work (for example many values in one call, or a few hundred
/// calls in parallel) rather than one call per assertion.
/// </summary>
public static class Cast
{
    /// <summary>Runs <c>cast</c> with <paramref name="args"/> and returns its standard output, trimmed.</summary>
    /// <exception cref="InvalidOperationException">cast exited non-zero; the message holds its standard error.</exception>
    public static string Run(params string[] args) => RunAsync(args).GetAwaiter().GetResult();

    /// <summary>Runs <c>cast</c> with <paramref name="args"/> and returns its standard output, trimmed.</summary>
    /// <exception cref="InvalidOperationException">cast exited non-zero; the message holds its standard error.</exception>
    public static async Task<string> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(RepoPaths.Cast)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cast did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().ConfigureAwait(false);
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"cast {string.Join(' ', args)} exited {p.ExitCode}: {await stderr.ConfigureAwait(false)}");
        }
        return (await stdout.ConfigureAwait(false)).Trim();
    }

    /// <summary>
    /// Runs many independent cast invocations with bounded parallelism (the processor count) and returns their
    /// outputs in order.
    /// </summary>
    public static async Task<string[]> RunManyAsync(IReadOnlyList<string[]> calls)
    {
        var results = new string[calls.Count];
        await Parallel.ForAsync(0, calls.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 },
            async (i, _) => results[i] = await RunAsync(calls[i]).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }
}
