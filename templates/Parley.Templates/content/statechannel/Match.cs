using Parley;
using Parley.Channels;
using Parley.Crypto;
using Parley.Engine;
using Parley.Observers;
using Parley.Protocol;
using Parley.Store;
using Parley.Transport;

namespace StateChannelApp;

/// <summary>How a match ended, as every participant's node holds it.</summary>
/// <param name="ChannelId">The channel id (keccak256 of the fixed part).</param>
/// <param name="Concluded">Whether a final state signed by every participant ended the channel.</param>
/// <param name="TurnNum">The turnNum of the final state.</param>
/// <param name="Winner">The winner's participant index.</param>
/// <param name="Balances">The final outcome in wei, per participant index (ETH, asset address 0).</param>
/// <param name="Moves">The tokens taken by each move, in order.</param>
/// <param name="AllNodesAgree">Whether every node holds the same final state (same EIP-712 hash).</param>
public sealed record MatchResult(Bytes32 ChannelId, bool Concluded, ulong TurnNum, int Winner, IReadOnlyList<UInt256> Balances,
    IReadOnlyList<byte> Moves, bool AllNodesAgree);

/// <summary>
/// Plays one game of <see cref="Nim"/> in a state channel between local participants: one Parley node per participant
/// (a <see cref="ChannelEngine"/> with its own key, its own SQLite store and its own TCP endpoint on 127.0.0.1), so
/// every update is signed, stored durably and exchanged over the network exactly as between machines.
/// </summary>
/// <remarks>
/// This match runs <b>off chain only</b>: nothing is deposited or withdrawn. The channel is bound to the chain id and
/// adjudicator address of a fresh local dev chain (anvil, chain id 31337), where the concluded final state — signed
/// by every participant — is what the adjudicator would pay out.
/// </remarks>
public static class Match
{
    /// <summary>The chain id the channel is bound to (anvil's default).</summary>
    public const ulong ChainId = 31337;

    /// <summary>The adjudicator address the channel is bound to (the first contract deployed on a fresh anvil).</summary>
    public static readonly Address Adjudicator = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    /// <summary>The app contract address the channel names (the second contract deployed on a fresh anvil).</summary>
    public static readonly Address AppDefinition = Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");

    /// <summary>
    /// The players' strategy: leave a multiple of 4 when possible (the winning strategy of two-player Nim with moves of
    /// 1 to 3), else take one.
    /// </summary>
    public static byte ChooseTake(byte pile) => pile % (Nim.MaxTake + 1) is var rest and > 0 ? (byte)rest : (byte)1;

    /// <summary>Plays a match and returns how it ended.</summary>
    /// <param name="dataDirectory">A folder for the participants' channel databases (created if missing).</param>
    /// <param name="stake">Each participant's stake in wei.</param>
    /// <param name="log">Receives one line per event worth showing.</param>
    /// <param name="cancellationToken">Cancels the match.</param>
    public static async Task<MatchResult> PlayAsync(string dataDirectory, UInt256 stake, Action<string> log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var app = Nim.Definition;
        var network = new NetworkContext(ChainId, Adjudicator);
        var keys = Enumerable.Range(0, app.ParticipantCount).Select(_ => PrivateKey.Generate()).ToArray();
        var nodes = new List<Node>();
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = Path.Combine(dataDirectory, $"participant{i}.db") });
                var events = new ChannelEvents();
                var transport = new TcpTransport(keys[i], network, new TcpTransportOptions());
                var engine = new ChannelEngine(keys[i], network, store, transport, events, new ChannelEngineOptions());
                nodes.Add(new Node(store, events, transport, engine));
                await engine.StartAsync(cancellationToken);
                log($"participant {i}: {keys[i].Address} listening on {transport.ListenEndPoint}");
            }
            // Each node dials the nodes after it; connections carry messages both ways.
            for (var i = 0; i < nodes.Count; i++)
            {
                for (var j = i + 1; j < nodes.Count; j++)
                {
                    nodes[i].Transport.AddPeer(keys[j].Address, nodes[j].Transport.ListenEndPoint!);
                }
            }

            var fixedPart = new FixedPart(ChainId, Adjudicator, keys.Select(k => k.Address), channelNonce: 1, AppDefinition, challengeDuration: 3600);
            var outcome = new Outcome(new AssetOutcome(Address.Zero, [.. Enumerable.Repeat(stake, keys.Length)]));
            var channelId = fixedPart.ChannelId;
            log($"participant 0 proposes channel {channelId}: {app.Id}, {keys.Length} participants, {stake} wei each");
            await nodes[0].Engine.OpenChannelAsync(fixedPart, app, outcome, cancellationToken: cancellationToken);

            var moves = new List<byte>();
            await Task.WhenAll(nodes.Select((node, index) => PlayerAsync(node.Engine, channelId, index, moves, log, cancellationToken)));

            var finals = nodes.Select(n => n.Engine.GetChannel(channelId)!).ToArray();
            var final = finals[0];
            var rules = Nim.FromAppData(final.Latest.AppData);
            return new MatchResult(channelId, finals.All(s => s.Phase == ChannelPhase.Concluded), final.Latest.TurnNum, rules.Winner - 1,
                final.Latest.Outcome.Assets[0].Balances, moves, finals.All(s => s.Latest.Hash == final.Latest.Hash));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.Engine.DisposeAsync();
                await node.Events.DisposeAsync();
                await node.Store.DisposeAsync();
            }
        }
    }

    /// <summary>One participant: on each of its turns, a move; returns once the channel has concluded.</summary>
    private static async Task PlayerAsync(ChannelEngine engine, Bytes32 channelId, int index, List<byte> moves, Action<string> log,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = await engine.WaitForAsync(channelId, s => s.Phase == ChannelPhase.Concluded || (s.Phase == ChannelPhase.Running && s.NextMover == s.MyIndex),
                cancellationToken);
            if (state.Phase == ChannelPhase.Concluded)
            {
                return;
            }
            var pile = Nim.FromAppData(state.Latest.AppData).Pile;
            var take = ChooseTake(pile);
            try
            {
                var signed = await engine.ActAsync(channelId, Nim.Actions.Take(take), cancellationToken);
                lock (moves)
                {
                    moves.Add(take);
                }
                log($"turn {signed.TurnNum}: participant {index} takes {take}, {pile - take} left{(signed.IsFinal ? " — final state" : "")}");
            }
            catch (ChannelRequestException e) when (e.Reason is RejectionReason.NotYourTurn or RejectionReason.StateIsFinal or RejectionReason.ChannelNotRunning)
            {
                // The state moved on between the wait and the request: look again.
            }
        }
    }

    private sealed record Node(SqliteChannelStore Store, ChannelEvents Events, TcpTransport Transport, ChannelEngine Engine);
}
