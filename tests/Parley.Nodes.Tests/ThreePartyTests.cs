using Parley.Channels;
using Parley.Examples.Machines;
using Parley.Protocol;

namespace Parley.Nodes.Tests;

/// <summary>
/// What the template's <c>Match</c> needs from <see cref="ParleyNode"/>: N local participants on the embedded chain —
/// here the three-party <see cref="BettingPot"/> — open, fund (each node deposits its own share in turn), play, close,
/// and the balances move by the outcome less gas (read with <c>eth_getBalance</c>).
/// </summary>
public sealed class ThreePartyTests(NodeChainFixture chain) : IClassFixture<NodeChainFixture>, IAsyncLifetime
{
    private readonly List<ParleyNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_local_nodes_fund_play_a_betting_pot_and_close_on_the_embedded_chain()
    {
        var ether = NodeChainFixture.Ether;
        var keys = new[] { await chain.FundedKeyAsync(), await chain.FundedKeyAsync(), await chain.FundedKeyAsync() };
        var before = new List<(UInt256 Balance, ulong Nonce)>();
        foreach (var key in keys)
        {
            before.Add((await chain.Rpc.GetBalanceAsync(key.Address), await chain.Rpc.GetTransactionCountAsync(key.Address)));
        }
        // Each node dials the nodes started before it.
        for (var i = 0; i < keys.Length; i++)
        {
            var options = chain.Options(keys[i], chain.NewDirectory());
            foreach (var earlier in _nodes)
            {
                options.Peers[earlier.Address] = earlier.PeerEndPoint!;
            }
            _nodes.Add(await ParleyNode.StartAsync(options));
        }
        var (player0, player1, house) = (_nodes[0], _nodes[1], _nodes[2]);
        var stakes = new Outcome(new AssetOutcome(Address.Zero, [ether, ether, 3 * ether]));
        var fixedPart = player0.CreateFixedPart([.. _nodes.Select(n => n.Address)], chain.BettingPotApp, 600);
        var id = fixedPart.ChannelId;
        await player0.OpenChannelAsync(fixedPart, BettingPot.Definition, stakes);
        foreach (var node in _nodes)
        {
            Assert.Equal(5 * ether, (await node.WaitForFundingAsync(id))[0].Amount);
        }

        // Player 0 bets 1 ETH on 3, player 1 bets 1 ETH on 5, the house rolls 3: player 0 gets twice its stake.
        await Move(player0, BettingPot.Actions.PlaceBet(Address.Zero, ether, 3), 1);
        await Move(player1, BettingPot.Actions.PlaceBet(Address.Zero, ether, 5), 2);
        await Move(house, BettingPot.Actions.Settle(3), 3);
        foreach (var node in _nodes)
        {
            await node.WaitForAsync(id, s => s.Phase == ChannelPhase.Concluded);
        }
        var closed = await house.CloseAsync(id);
        Assert.Equal(ChannelCloseAction.ConcludedAndWithdrew, closed.Action);
        Assert.Equal(ChannelCloseAction.AlreadyPaid, (await player1.CloseAsync(id)).Action);

        var expected = new[] { 2 * ether, UInt256.Zero, 3 * ether };
        for (var i = 0; i < keys.Length; i++)
        {
            var (deposit, nonce) = await DepositFeeAsync(id, keys[i].Address);
            var fees = deposit + (i == 2 ? closed.Receipt!.Receipt.Fee : UInt256.Zero);
            Assert.Equal(before[i].Nonce + 1 + (i == 2 ? 1UL : 0UL), await chain.Rpc.GetTransactionCountAsync(keys[i].Address));
            Assert.Equal(1, nonce);
            Assert.Equal(before[i].Balance - stakes.Assets[0].Balances[i] + expected[i] - fees, await chain.Rpc.GetBalanceAsync(keys[i].Address));
        }

        async Task Move(ParleyNode mover, byte[] action, ulong turn)
        {
            await mover.WaitForAsync(id, s => s.Latest.TurnNum == turn - 1);
            Assert.Equal(turn, (await mover.ActAsync(id, action)).TurnNum);
            foreach (var node in _nodes)
            {
                await node.WaitForAsync(id, s => s.Latest.TurnNum >= turn);
            }
        }
    }

    /// <summary>The fee of <paramref name="from"/>'s deposits into the channel and how many there were, from the chain's logs.</summary>
    private async Task<(UInt256 Fee, int Count)> DepositFeeAsync(Bytes32 channelId, Address from)
    {
        var logs = await chain.Rpc.GetLogsAsync(new Chain.LogFilter(chain.Chain.AdjudicatorBlock, null, [chain.Chain.Adjudicator.Address], [null, [channelId]]));
        var fee = UInt256.Zero;
        var count = 0;
        foreach (var log in logs)
        {
            if (Contracts.AdjudicatorEvents.TryDecode(log, out var e) && e is Contracts.DepositedEvent)
            {
                var receipt = (await chain.Rpc.GetTransactionReceiptAsync(log.TransactionHash))!;
                if (receipt.From == from)
                {
                    fee += receipt.Fee;
                    count++;
                }
            }
        }
        return (fee, count);
    }
}
