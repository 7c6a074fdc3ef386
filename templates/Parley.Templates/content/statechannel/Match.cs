using System.Numerics;
using Parley;
using Parley.Channels;
using Parley.Crypto;
using Parley.Deployment;
using Parley.Engine;
using Parley.Nodes;
using Parley.Protocol;
using Parley.Settlement;

namespace StateChannelApp;

/// <summary>One transaction a participant sent during the match.</summary>
/// <param name="Participant">The sender's participant index.</param>
/// <param name="What">What it did, e.g. <c>depositETH 0.001 ETH</c>.</param>
/// <param name="GasUsed">The gas it used.</param>
/// <param name="Fee">The fee the sender paid, in wei (gas used × effective gas price).</param>
public sealed record MatchTransaction(int Participant, string What, ulong GasUsed, UInt256 Fee);

/// <summary>One participant's account before and after the match, in wei.</summary>
/// <param name="Address">The participant's address (a fresh key, funded by the dev chain).</param>
/// <param name="Before">Its balance before it deposited.</param>
/// <param name="After">Its balance after the channel was paid out.</param>
/// <param name="Stake">What it deposited into the channel.</param>
/// <param name="Payout">What the final outcome gave it.</param>
/// <param name="Fees">The fees of every transaction it sent.</param>
public sealed record ParticipantAccount(Address Address, UInt256 Before, UInt256 After, UInt256 Stake, UInt256 Payout, UInt256 Fees)
{
    /// <summary>The change of its balance (after − before), in wei; negative for a loss.</summary>
    public BigInteger Change => (BigInteger)After - Before;

    /// <summary>The change the outcome explains: payout − stake − fees.</summary>
    public BigInteger ExpectedChange => (BigInteger)Payout - Stake - Fees;

    /// <summary>Whether the balance moved exactly as the outcome and the fees say.</summary>
    public bool Matches => Change == ExpectedChange;
}

/// <summary>How a match ended, on chain and off chain.</summary>
/// <param name="ChannelId">The channel id (keccak256 of the fixed part).</param>
/// <param name="TurnNum">The turnNum of the final state.</param>
/// <param name="Winner">The winner's participant index.</param>
/// <param name="Moves">The tokens taken by each move, in order.</param>
/// <param name="Outcome">The final state's outcome in wei, per participant index (ETH, asset address 0).</param>
/// <param name="AllNodesAgree">Whether every node holds the same final state (same EIP-712 hash).</param>
/// <param name="ConcludedOnChain">Whether the adjudicator holds the channel as finalized on the final turn and pays nothing more (it holds 0 wei).</param>
/// <param name="Transactions">Every transaction the participants sent, in order.</param>
/// <param name="Accounts">Each participant's account, by participant index.</param>
public sealed record MatchResult(Bytes32 ChannelId, ulong TurnNum, int Winner, IReadOnlyList<byte> Moves, IReadOnlyList<UInt256> Outcome, bool AllNodesAgree,
    bool ConcludedOnChain, IReadOnlyList<MatchTransaction> Transactions, IReadOnlyList<ParticipantAccount> Accounts)
{
    /// <summary>Whether every participant's balance moved exactly by its payout less its stake and fees.</summary>
    public bool BalancesMatch => Accounts.All(a => a.Matches);
}

/// <summary>
/// Plays one game of <see cref="Nim"/> in a state channel funded on a chain: one <see cref="ParleyNode"/> per participant
/// (its own key and funded account, durable SQLite store, TCP endpoint on 127.0.0.1, chain service and watcher). The
/// channel names the deployed app contract; every participant deposits its stake, the game is played off chain with
/// signed updates, and the final state — signed by every participant — is concluded on chain with
/// <c>concludeAndWithdraw</c>, which pays everyone in one transaction.
/// </summary>
public static class Match
{
    /// <summary>What each participant's fresh account is funded with by the dev chain: 1 ETH, in wei.</summary>
    public static readonly UInt256 StartingBalance = Ether.One;

    /// <summary>The challenge window of the channel, seconds of chain time (only used if someone disputes).</summary>
    public const ulong ChallengeDuration = 3600;

    /// <summary>
    /// Starts Parley's embedded dev chain: anvil on a free 127.0.0.1 port, the adjudicator and this game's app contract
    /// (the Solidity the generator wrote for <see cref="Nim"/>) deployed. Dispose it to stop anvil.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start (anvil is stopped again).</param>
    /// <exception cref="ToolchainProvisioningException">anvil or solc is not installed and could not be installed with npm.</exception>
    public static Task<DevChain> StartChainAsync(CancellationToken cancellationToken) =>
        DevChain.StartAsync(new DevChainOptions { Apps = [AppContract.FromDefinition(Nim.Definition)] }, cancellationToken);

    /// <summary>
    /// The players' strategy: leave a multiple of 4 when possible (the winning strategy of two-player Nim with moves of
    /// 1 to 3), else take one.
    /// </summary>
    public static byte ChooseTake(byte pile) => pile % (Nim.MaxTake + 1) is var rest and > 0 ? (byte)rest : (byte)1;

    /// <summary>Plays a match on <paramref name="chain"/> and returns how it ended.</summary>
    /// <param name="chain">A chain with the adjudicator and the <see cref="Nim"/> app contract (<see cref="StartChainAsync"/>).</param>
    /// <param name="dataDirectory">A folder for the participants' node folders (created if missing).</param>
    /// <param name="stake">Each participant's stake in wei (at most <see cref="StartingBalance"/> less gas).</param>
    /// <param name="log">Receives one line per step worth showing.</param>
    /// <param name="cancellationToken">Cancels the match.</param>
    public static async Task<MatchResult> PlayAsync(DevChain chain, string dataDirectory, UInt256 stake, Action<string> log, CancellationToken cancellationToken)
    {
        var app = Nim.Definition;
        var appContract = chain.Apps[app.Id];
        var keys = Enumerable.Range(0, app.ParticipantCount).Select(_ => PrivateKey.Generate()).ToArray();
        var nodes = new List<ParleyNode>();
        var transactions = new List<MatchTransaction>();
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                // A fresh key per participant, its account funded by the dev chain's deployer (who pays that transfer).
                await chain.FundAsync(keys[i].Address, StartingBalance, cancellationToken);
                var node = await ParleyNode.StartAsync(ParleyNodeOptions.ForChain(chain, keys[i], Path.Combine(dataDirectory, $"participant{i}")), cancellationToken);
                nodes.Add(node);
                log($"participant {i}: {node.Address}, {Ether.Format(StartingBalance)}, node listening on {node.PeerEndPoint}");
            }
            // Each node dials the nodes after it; a connection carries messages both ways.
            for (var i = 0; i < nodes.Count; i++)
            {
                for (var j = i + 1; j < nodes.Count; j++)
                {
                    nodes[i].AddPeer(nodes[j].Address, nodes[j].PeerEndPoint!);
                }
            }
            var before = await BalancesAsync(chain, keys, cancellationToken);

            var fixedPart = nodes[0].CreateFixedPart([.. nodes.Select(n => n.Address)], appContract, ChallengeDuration);
            var channelId = fixedPart.ChannelId;
            var funding = new Outcome(new AssetOutcome(Address.Zero, [.. Enumerable.Repeat(stake, keys.Length)]));
            var proposed = await nodes[0].OpenChannelAsync(fixedPart, app, funding, cancellationToken: cancellationToken);
            log($"participant 0 proposes channel {channelId}: app contract {appContract}, {Ether.Format(stake)} stake each, funding deadline {proposed.FundingDeadline} (unix seconds, chain time)");

            // Every node countersigns the pre-fund state, then deposits its share in participant order.
            await Task.WhenAll(nodes.Select(n => n.WaitForRunningAsync(channelId, cancellationToken)));
            log("every participant signed the pre-fund state; depositing in participant order");
            var deposits = await Task.WhenAll(nodes.Select(n => n.FundAsync(channelId, cancellationToken)));
            for (var i = 0; i < deposits.Length; i++)
            {
                foreach (var deposit in deposits[i])
                {
                    var receipt = deposit.Deposit.Receipt;
                    transactions.Add(new MatchTransaction(i, $"depositETH {Ether.Format(deposit.Amount)}", receipt.GasUsed, receipt.Fee));
                    log($"tx participant {i} depositETH {Ether.Format(deposit.Amount)}: gas {receipt.GasUsed:N0}, fee {Ether.Format(receipt.Fee)} "
                        + $"(channel holds {Ether.Format(deposit.HoldingsAfter)})");
                }
            }
            log($"channel funded on chain: {Ether.Format(funding.Total(Address.Zero))}");

            var moves = new List<byte>();
            await Task.WhenAll(nodes.Select((node, index) => PlayerAsync(node, channelId, index, moves, log, cancellationToken)));
            var finals = nodes.Select(n => n.GetChannel(channelId)).ToArray();
            var final = finals[0].Latest;
            var winner = Nim.FromAppData(final.AppData).Winner - 1;
            log($"game over at turn {final.TurnNum}: participant {winner} took the last token; final state signed by every participant");

            // Any participant may close; here the one who proposed. concludeAndWithdraw pays every participant at once.
            var closed = await nodes[0].CloseAsync(channelId, cancellationToken);
            foreach (var receipt in closed.Receipts.Select(r => r.Receipt))
            {
                var what = closed.Action == ChannelCloseAction.ConcludedAndWithdrew ? "concludeAndWithdraw" : "withdraw";
                transactions.Add(new MatchTransaction(0, what, receipt.GasUsed, receipt.Fee));
                log($"tx participant 0 {what}: gas {receipt.GasUsed:N0}, fee {Ether.Format(receipt.Fee)}");
            }
            var holdings = await nodes[0].Chain.HoldingsAsync(channelId, Address.Zero, cancellationToken);
            var concludedOnChain = closed.OnChain.Phase == OnChainPhase.Finalized && closed.OnChain.TurnNumRecord == final.TurnNum
                && holdings.Amount.IsZero;

            var after = await BalancesAsync(chain, keys, cancellationToken);
            var outcome = final.Outcome.Assets[0].Balances;
            var accounts = keys.Select((k, i) => new ParticipantAccount(k.Address, before[i], after[i], stake, outcome[i],
                transactions.Where(t => t.Participant == i).Aggregate(UInt256.Zero, (sum, t) => sum + t.Fee))).ToArray();
            return new MatchResult(channelId, final.TurnNum, winner, moves, outcome, finals.All(s => s.Latest.Hash == final.Hash), concludedOnChain,
                transactions, accounts);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<UInt256[]> BalancesAsync(DevChain chain, PrivateKey[] keys, CancellationToken cancellationToken)
    {
        var balances = new UInt256[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            balances[i] = await chain.Rpc.GetBalanceAsync(keys[i].Address, cancellationToken: cancellationToken);
        }
        return balances;
    }

    /// <summary>One participant: on each of its turns, a move; returns once the channel has concluded off chain.</summary>
    private static async Task PlayerAsync(ParleyNode node, Bytes32 channelId, int index, List<byte> moves, Action<string> log, CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = await node.WaitForAsync(channelId, s => s.Phase == ChannelPhase.Concluded || (s.Phase == ChannelPhase.Running && s.NextMover == s.MyIndex),
                cancellationToken);
            if (state.Phase == ChannelPhase.Concluded)
            {
                return;
            }
            var pile = Nim.FromAppData(state.Latest.AppData).Pile;
            var take = ChooseTake(pile);
            try
            {
                var signed = await node.ActAsync(channelId, Nim.Actions.Take(take), cancellationToken);
                lock (moves)
                {
                    moves.Add(take);
                }
                log($"turn {signed.TurnNum}: participant {index} takes {take}, {pile - take} left{(signed.IsFinal ? " (final state)" : "")}");
            }
            catch (ChannelRequestException e) when (e.Reason is RejectionReason.NotYourTurn or RejectionReason.StateIsFinal or RejectionReason.ChannelNotRunning)
            {
                // The state moved on between the wait and the request: look again.
            }
        }
    }
}
