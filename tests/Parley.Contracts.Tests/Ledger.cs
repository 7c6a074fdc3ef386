using Parley.Chain;
using Parley.Contracts;

namespace Parley.Contracts.Tests;

/// <summary>
/// The solvency invariant, checked from the adjudicator's whole event history: for every channel and asset the
/// payouts never exceed the deposits, the holdings on chain equal deposits − payouts, and the adjudicator owns at least
/// the sum of all channels' holdings of every asset.
/// </summary>
public static class Ledger
{
    public static async Task AssertSolventAsync(AdjudicatorFixture chain)
    {
        var logs = await chain.Rpc.GetLogsAsync(new LogFilter(BlockTag.Earliest, BlockTag.Latest, [chain.Adjudicator.Address]));
        var events = AdjudicatorEvents.DecodeAll(logs, chain.Adjudicator.Address);
        var held = new Dictionary<(Bytes32 Channel, Address Asset), UInt256>();
        var deposited = new Dictionary<(Bytes32, Address), UInt256>();
        var paid = new Dictionary<(Bytes32, Address), UInt256>();
        foreach (var e in events)
        {
            switch (e)
            {
                case DepositedEvent d:
                {
                    var key = (d.ChannelId, d.Asset);
                    var before = held.GetValueOrDefault(key);
                    Assert.True(d.Holdings > before, $"a deposit must raise the holdings of {key}");
                    deposited[key] = checked(deposited.GetValueOrDefault(key) + (d.Holdings - before));
                    held[key] = d.Holdings;
                    break;
                }
                case WithdrawnEvent w:
                {
                    var key = (w.ChannelId, w.Asset);
                    var before = held.GetValueOrDefault(key);
                    Assert.True(w.Total <= before, $"a payout of {w.Total} exceeds the holdings {before} of {key}");
                    held[key] = before - w.Total;
                    paid[key] = checked(paid.GetValueOrDefault(key) + w.Total);
                    break;
                }
            }
        }
        foreach (var (key, amount) in held)
        {
            Assert.True(paid.GetValueOrDefault(key) <= deposited.GetValueOrDefault(key), $"payouts exceed deposits for {key}");
            var onChain = await chain.Adjudicator.HoldingsAsync(key.Channel, key.Asset);
            Assert.Equal(amount, onChain.Amount);
        }
        foreach (var asset in held.Keys.Select(k => k.Asset).Distinct())
        {
            var total = held.Where(kv => kv.Key.Asset == asset).Aggregate(UInt256.Zero, (sum, kv) => checked(sum + kv.Value));
            var owned = await chain.AdjudicatorBalanceAsync(asset);
            Assert.True(total <= owned, $"the adjudicator owns {owned} of {asset} but its channels hold {total}");
        }
    }
}
