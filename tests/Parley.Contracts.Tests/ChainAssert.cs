using Parley.Contracts;

namespace Parley.Contracts.Tests;

/// <summary>Assertions for adjudicator transactions.</summary>
public static class ChainAssert
{
    /// <summary>Runs <paramref name="action"/>, requires it to revert with an <typeparamref name="T"/>, and returns the error.</summary>
    public static async Task<T> RevertsWith<T>(Func<Task> action) where T : AdjudicatorError
    {
        var e = await Assert.ThrowsAsync<AdjudicatorRevertException>(action);
        return Assert.IsType<T>(e.Error);
    }

    /// <summary>
    /// Runs an attack that must revert with <typeparamref name="T"/> and checks that nothing moved: the channel's status,
    /// its holdings of <paramref name="assets"/>, the adjudicator's own balances and the participants' balances.
    /// </summary>
    public static async Task<T> RejectedWithoutEffect<T>(AdjudicatorFixture chain, TestChannel channel, Func<Task> attack, params Address[] assets)
        where T : AdjudicatorError
    {
        var before = await FundsAsync(chain, channel, assets);
        var error = await RevertsWith<T>(attack);
        var after = await FundsAsync(chain, channel, assets);
        Assert.Equal(before, after);
        return error;
    }

    private static async Task<string> FundsAsync(AdjudicatorFixture chain, TestChannel channel, Address[] assets)
    {
        var parts = new List<string> { (await chain.Adjudicator.StatusAsync(channel.Id)).ToString() };
        foreach (var asset in assets.Append(Address.Zero).Distinct())
        {
            parts.Add($"{asset}: held {(await chain.Adjudicator.HoldingsAsync(channel.Id, asset)).Amount}, owned {await chain.AdjudicatorBalanceAsync(asset)}");
            foreach (var participant in channel.Fixed.Participants)
            {
                var balance = asset.IsZero ? await chain.Rpc.GetBalanceAsync(participant) : await chain.BalanceOfAsync(asset, participant);
                parts.Add($"{participant}: {balance}");
            }
        }
        return string.Join("; ", parts);
    }
}
