using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Parley.TestSupport;
using Xunit.Abstractions;

namespace Parley.Cli.Tests;

/// <summary>Runs the demo process (both games, two participant processes, its own anvil) and checks what it reports
/// against the chain's balances it prints.</summary>
public partial class DemoTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_demo_plays_both_games_on_chain_and_exits_zero()
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "Parley.Examples.TicTacToe.Demo.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(demo);
        info.Environment["PARLEY_ANVIL"] = RepoPaths.Anvil;
        info.Environment["PARLEY_REPOSITORY"] = RepoPaths.Root;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);   // the demo and the participants it started, by this handle
            }
        }
        var text = await stdout;
        output.WriteLine(text);
        output.WriteLine(await stderr);
        Assert.Equal(0, process.ExitCode);

        // Game 1: both deposit, X wins, one concludeAndWithdraw pays; the winner gains the stake less gas, the loser loses it plus gas.
        Assert.Equal(4, Regex.Matches(text, @"tx depositETH 1\.0 ETH").Count);
        Assert.Contains("game over at turn 5: X (Alice) wins", text);
        Assert.Matches(@"alice   │ tx concludeAndWithdraw .*: gas [\d,]+", text);
        var afterGame1 = Deltas(text, "balances after game 1");
        Assert.InRange(afterGame1[0], 0.99m, 1.0m);
        Assert.InRange(afterGame1[1], -1.01m, -1.0m);

        // Game 2: Bob keeps his turn-4 proof, withholds his countersignature of X's winning turn 5 and challenges with
        // turn 4; Alice's watcher answers by progress with turn 5 in the next block; the channel finalizes on X's win,
        // the watcher withdraws both stakes, Bob's share is zero and he sends no withdrawal.
        Assert.Contains("turn 5: X plays cell 8, signed and sent   XOO|.X.|..X", text);
        Assert.Contains("withholds its countersignature of the final turn 5 and challenges on chain with the stale turn 4", text);
        var answer = AnswerLine().Match(text);
        Assert.True(answer.Success, "no watcher answer line");
        Assert.Equal(int.Parse(answer.Groups["challenge"].Value, CultureInfo.InvariantCulture) + 1, int.Parse(answer.Groups["answer"].Value, CultureInfo.InvariantCulture));
        Assert.Contains("watcher: channel finalized on turn 5", text);
        Assert.Contains("tx watcher withdrew 2.0 ETH", text);
        Assert.Contains("the registered outcome gives O 0.0 ETH", text);
        Assert.Contains("nothing to withdraw", text);
        Assert.DoesNotContain("tx withdraw O's share", text);
        var afterGame2 = Deltas(text, "balances after game 2");
        Assert.InRange(afterGame2[0], 0.99m, 1.0m);
        Assert.InRange(afterGame2[1], -1.01m, -1.0m);
        Assert.Contains("== Demo complete", text);
    }

    private static decimal[] Deltas(string text, string title)
    {
        var at = text.IndexOf(title, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{title}' not printed");
        return DeltaPattern().Matches(text[at..]).Take(2).Select(m => decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
    }

    [GeneratedRegex(@"\(([+-]\d+\.\d+) ETH\)")]
    private static partial Regex DeltaPattern();

    [GeneratedRegex(@"answered by progress with turn 5 in block (?<answer>\d+) \(challenge in block (?<challenge>\d+)\)")]
    private static partial Regex AnswerLine();
}
