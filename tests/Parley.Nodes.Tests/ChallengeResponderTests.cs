using System.Collections.Concurrent;
using Parley.Channels;
using Parley.Examples;
using Parley.Protocol;
using Parley.Settlement;
using Parley.Watcher;

namespace Parley.Nodes.Tests;

/// <summary>
/// The node wires its engine into its watcher: a <see cref="WatcherOptions.ChallengeResponder"/> given in
/// <see cref="ParleyNodeOptions.Watcher"/> answers a challenge on this participant's turn with a new move, signed by the
/// node's engine and sent as <c>progress</c>.
/// </summary>
public sealed class ChallengeResponderTests(NodeChainFixture chain) : IClassFixture<NodeChainFixture>
{
    [Fact]
    public async Task A_challenge_on_our_turn_is_answered_by_the_responders_move_through_the_nodes_engine()
    {
        var aliceOptions = chain.Options(await chain.FundedKeyAsync(), chain.NewDirectory());
        aliceOptions.Watcher = aliceOptions.Watcher with { ChallengeResponder = new PlayCell(8) };
        await using var alice = await ParleyNode.StartAsync(aliceOptions);
        var bobOptions = chain.Options(await chain.FundedKeyAsync(), chain.NewDirectory());
        bobOptions.Watch = false;
        bobOptions.Peers[alice.Address] = alice.PeerEndPoint!;
        await using var bob = await ParleyNode.StartAsync(bobOptions);
        var moves = new ConcurrentQueue<ChallengeMoveMadeEvent>();
        alice.Watcher!.EventRaised += (_, e) => { if (e is ChallengeMoveMadeEvent m) moves.Enqueue(m); };

        var fixedPart = alice.CreateFixedPart([alice.Address, bob.Address], chain.TicTacToeApp, 600);
        var id = fixedPart.ChannelId;
        await alice.OpenChannelAsync(fixedPart, TicTacToe.Definition, new Outcome(new AssetOutcome(Address.Zero, [NodeChainFixture.Ether, NodeChainFixture.Ether])));
        await alice.WaitForFundingAsync(id);
        await alice.ActAsync(id, TicTacToe.Actions.Play(0));
        await bob.WaitForAsync(id, s => s.Latest.TurnNum == 1);
        await bob.ActAsync(id, TicTacToe.Actions.Play(4));
        await alice.WaitForAsync(id, s => s.Latest.TurnNum == 2);

        // Bob registers turn 2 (his move): it is X's turn on it, and only a new move answers.
        var challenge = await bob.ChallengeAsync(id);
        Assert.Equal(2UL, challenge.EventsOf<Contracts.ChallengedEvent>().Single().State.TurnNum);
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (moves.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < limit, "no ChallengeMoveMadeEvent");
            await Task.Delay(10);
        }
        var made = Assert.Single(moves);
        Assert.Equal(2UL, made.ChallengedTurn);
        var status = await alice.GetStatusAsync(id);
        Assert.Equal(OnChainPhase.Challenged, status.OnChain.Phase);
        Assert.Equal(3UL, status.OnChain.TurnNumRecord);   // X's move registered by progress
        Assert.Equal(3UL, status.OffChain.Latest.TurnNum);   // and it is the node's latest state off chain too
    }

    private sealed class PlayCell(byte cell) : IChallengeResponder
    {
        public Task<byte[]?> ChooseActionAsync(ChallengeResponseRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<byte[]?>(TicTacToe.Actions.Play(cell));
    }
}
