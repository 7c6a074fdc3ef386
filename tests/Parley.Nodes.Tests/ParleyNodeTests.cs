using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Parley.Channels;
using Parley.Contracts;
using Parley.Crypto;
using Parley.Examples;
using Parley.Protocol;
using Parley.Settlement;
using Parley.Watcher;

namespace Parley.Nodes.Tests;

/// <summary>
/// <see cref="ParleyNode"/> end to end on anvil: two nodes over TCP open a tic-tac-toe channel, deposit automatically
/// naming the proposal's funding deadline, play X to a win, close; balances are checked against <c>eth_getBalance</c>
/// and every transaction each account sent (its nonce), not against the nodes' own view.
/// </summary>
public sealed class ParleyNodeTests(NodeChainFixture chain) : IClassFixture<NodeChainFixture>, IAsyncLifetime
{
    private static readonly UInt256 Stake = NodeChainFixture.Ether;

    // X (participant 0) takes the top row: cells 0, 1, 2; O plays 3, 4. X wins with turn 5.
    private static readonly byte[] Cells = [0, 3, 1, 4, 2];

    private readonly List<ParleyNode> _nodes = [];

    private static Outcome Funding => new(new AssetOutcome(Address.Zero, [Stake, Stake]));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_nodes_deposit_with_the_proposals_deadline_play_and_close_and_the_winner_gains_the_stake_less_gas()
    {
        var (aliceKey, bobKey) = (await chain.FundedKeyAsync(), await chain.FundedKeyAsync());
        var before = await AccountsAsync(aliceKey.Address, bobKey.Address);
        var alice = await StartAsync(chain.Options(aliceKey, chain.NewDirectory()));
        var bobOptions = chain.Options(bobKey, chain.NewDirectory());
        bobOptions.Peers[alice.Address] = alice.PeerEndPoint!;
        var bob = await StartAsync(bobOptions);
        var deposits = new ConcurrentQueue<ShareDepositedEvent>();
        alice.FundingEvent += (_, e) => { if (e is ShareDepositedEvent d) deposits.Enqueue(d); };
        bob.FundingEvent += (_, e) => { if (e is ShareDepositedEvent d) deposits.Enqueue(d); };
        var finalized = new ConcurrentQueue<(Address, Bytes32)>();
        alice.Watcher!.EventRaised += (_, e) => { if (e is ChannelFinalizedEvent f) finalized.Enqueue((alice.Address, f.ChannelId)); };
        bob.Watcher!.EventRaised += (_, e) => { if (e is ChannelFinalizedEvent f) finalized.Enqueue((bob.Address, f.ChannelId)); };

        var deadline = await chain.NowAsync() + 900;
        var fixedPart = alice.CreateFixedPart([alice.Address, bob.Address], chain.TicTacToeApp, 600);
        var id = fixedPart.ChannelId;
        var proposed = await alice.OpenChannelAsync(fixedPart, TicTacToe.Definition, Funding, fundingDeadline: deadline);
        Assert.Equal(ChannelPhase.Proposed, proposed.Phase);
        await bob.WaitForRunningAsync(id);
        var holdings = await alice.WaitForFundingAsync(id);
        Assert.Equal(2 * Stake, holdings[0].Amount);
        // The deadline came with the proposal: both nodes hold it, and the chain recorded it from the first deposit.
        Assert.Equal(deadline, alice.GetChannel(id).FundingDeadline);
        Assert.Equal(deadline, bob.GetChannel(id).FundingDeadline);
        Assert.Equal(deadline, holdings[0].FundingDeadline);
        await Until(() => deposits.Count == 2, "both automatic deposits reported");
        Assert.All(deposits, d => Assert.Equal(deadline, d.FundingDeadline));
        // Alice's share went in first (participant order), then Bob's.
        Assert.Equal([alice.Address, bob.Address], deposits.OrderBy(d => d.Deposit.Deposit.Receipt.BlockNumber).Select(d => d.Deposit.Deposit.Receipt.From));
        // FundAsync after the automatic deposit returns that deposit and sends nothing more.
        var again = await alice.FundAsync(id);
        Assert.Equal(deposits.Single(d => d.Deposit.Deposit.Receipt.From == alice.Address).Deposit.Deposit.Receipt.TransactionHash,
            Assert.Single(again).Deposit.Receipt.TransactionHash);

        await PlayAsync(id, alice, bob);
        var closed = await alice.CloseAsync(id);
        Assert.Equal(ChannelCloseAction.ConcludedAndWithdrew, closed.Action);
        Assert.Equal(OnChainPhase.Finalized, closed.OnChain.Phase);
        var late = await bob.CloseAsync(id);
        Assert.Equal(ChannelCloseAction.AlreadyPaid, late.Action);
        Assert.Empty(late.Receipts);
        var status = await bob.GetStatusAsync(id);
        Assert.Equal(ChannelPhase.Concluded, status.OffChain.Phase);
        Assert.Equal(OnChainPhase.Finalized, status.OnChain.Phase);
        Assert.True(status.Holdings[0].Amount.IsZero);
        // Both watchers saw the conclusion and found nothing to withdraw (they would have sent a transaction).
        await Until(() => finalized.Count(f => f.Item2 == id) == 2, "both watchers saw the channel finalized");
        await Task.Delay(200);

        var after = await AccountsAsync(aliceKey.Address, bobKey.Address);
        var aliceFees = Fee(deposits, alice.Address) + closed.Receipts.Aggregate(UInt256.Zero, (s, r) => s + r.Receipt.Fee);
        var bobFees = Fee(deposits, bob.Address);
        Assert.Equal(before[0].Nonce + 2, after[0].Nonce);   // deposit, concludeAndWithdraw
        Assert.Equal(before[1].Nonce + 1, after[1].Nonce);   // deposit
        Assert.Equal(before[0].Balance + Stake - aliceFees, after[0].Balance);   // X won Bob's stake
        Assert.Equal(before[1].Balance - Stake - bobFees, after[1].Balance);
    }

    [Fact]
    public async Task A_node_restarted_from_its_data_directory_mid_channel_continues_the_game_and_closes()
    {
        var (aliceKey, bobKey) = (await chain.FundedKeyAsync(), await chain.FundedKeyAsync());
        var before = await AccountsAsync(aliceKey.Address, bobKey.Address);
        var alice = await StartAsync(chain.Options(aliceKey, chain.NewDirectory()));
        var bobDirectory = chain.NewDirectory();
        var bobOptions = chain.Options(bobKey, bobDirectory);
        bobOptions.Peers[alice.Address] = alice.PeerEndPoint!;
        var bob = await StartAsync(bobOptions);

        var fixedPart = alice.CreateFixedPart([alice.Address, bob.Address], chain.TicTacToeApp, 600);
        var id = fixedPart.ChannelId;
        await alice.OpenChannelAsync(fixedPart, TicTacToe.Definition, Funding);
        await alice.WaitForRunningAsync(id);
        await bob.WaitForFundingAsync(id);
        var deadline = alice.GetChannel(id).FundingDeadline;
        Assert.InRange(deadline, await chain.NowAsync() + 3000, await chain.NowAsync() + 3601);   // default: chain time + 1 h
        await PlayAsync(id, alice, bob, untilTurn: 2);

        // Bob's node stops mid-game and starts again from its folder (a new port; it dials Alice again).
        _nodes.Remove(bob);
        await bob.DisposeAsync();
        var restartOptions = chain.Options(bobKey, bobDirectory);
        restartOptions.Peers[alice.Address] = alice.PeerEndPoint!;
        var bobAgain = await StartAsync(restartOptions);
        var restored = bobAgain.GetChannel(id);
        Assert.Equal(ChannelPhase.Running, restored.Phase);
        Assert.Equal(2UL, restored.Latest.TurnNum);
        Assert.Equal(deadline, restored.FundingDeadline);

        await PlayAsync(id, alice, bobAgain);
        var closed = await bobAgain.CloseAsync(id);   // the loser pays for the conclusion this time
        Assert.Equal(ChannelCloseAction.ConcludedAndWithdrew, closed.Action);
        Assert.Equal(ChannelCloseAction.AlreadyPaid, (await alice.CloseAsync(id)).Action);
        await Task.Delay(200);

        var after = await AccountsAsync(aliceKey.Address, bobKey.Address);
        var aliceDeposit = await DepositFeeAsync(id, aliceKey.Address);
        var bobDeposit = await DepositFeeAsync(id, bobKey.Address);
        Assert.Equal(before[0].Nonce + 1, after[0].Nonce);   // deposit only
        Assert.Equal(before[1].Nonce + 2, after[1].Nonce);   // one deposit (none repeated after the restart), concludeAndWithdraw
        Assert.Equal(before[0].Balance + Stake - aliceDeposit, after[0].Balance);
        Assert.Equal(before[1].Balance - Stake - bobDeposit - closed.Receipt!.Receipt.Fee, after[1].Balance);
    }

    [Fact]
    public async Task A_deposit_after_the_funding_deadline_is_refused_and_nothing_is_sent()
    {
        var (aliceKey, bobKey) = (await chain.FundedKeyAsync(), await chain.FundedKeyAsync());
        var aliceOptions = chain.Options(aliceKey, chain.NewDirectory());
        aliceOptions.AutoDeposit = false;
        var alice = await StartAsync(aliceOptions);
        var bobOptions = chain.Options(bobKey, chain.NewDirectory());
        bobOptions.AutoDeposit = false;
        bobOptions.Peers[alice.Address] = alice.PeerEndPoint!;
        var bob = await StartAsync(bobOptions);
        var failures = new ConcurrentQueue<FundingFailedEvent>();
        alice.FundingEvent += (_, e) => { if (e is FundingFailedEvent f) failures.Enqueue(f); };

        var deadline = await chain.NowAsync() + 60;
        var fixedPart = alice.CreateFixedPart([alice.Address, bob.Address], chain.TicTacToeApp, 600);
        await alice.OpenChannelAsync(fixedPart, TicTacToe.Definition, Funding, fundingDeadline: deadline);
        await bob.WaitForRunningAsync(fixedPart.ChannelId);
        await chain.AdvanceAsync(120);
        var nonce = await chain.Rpc.GetTransactionCountAsync(alice.Address);

        var refused = await Assert.ThrowsAsync<FundingDeadlinePassedException>(() => alice.FundAsync(fixedPart.ChannelId));
        Assert.Equal(deadline, refused.FundingDeadline);
        Assert.True(refused.ChainTime >= deadline);
        Assert.Equal(nonce, await chain.Rpc.GetTransactionCountAsync(alice.Address));
        Assert.True((await alice.Chain.HoldingsAsync(fixedPart.ChannelId, Address.Zero)).Amount.IsZero);
        Assert.IsType<FundingDeadlinePassedException>(Assert.Single(failures).Error);
    }

    [Fact]
    public async Task Closing_a_channel_the_node_does_not_have_is_an_UnknownChannelException()
    {
        var node = await StartAsync(chain.Options(await chain.FundedKeyAsync(), chain.NewDirectory()));
        var id = Keccak256.Hash([1, 2, 3]);
        Assert.Equal(id, (await Assert.ThrowsAsync<UnknownChannelException>(() => node.CloseAsync(id))).ChannelId);
        await Assert.ThrowsAsync<UnknownChannelException>(() => node.FundAsync(id));
        await Assert.ThrowsAsync<UnknownChannelException>(() => node.GetStatusAsync(id));
        await Assert.ThrowsAsync<UnknownChannelException>(() => node.ChallengeAsync(id));
    }

    public static TheoryData<string> BadOptions => ["Key", "RpcUrl", "RpcAndUrl", "ChainId", "Adjudicator", "StoreFileName", "CursorDirectoryName",
        "ChainPollInterval", "StepTimeout", "Engine", "Watcher", "Peers", "Transport.ReconnectDelay"];

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task A_bad_option_fails_the_start_naming_it_and_creates_nothing(string option)
    {
        var directory = Path.Combine(chain.NewDirectory(), "node");
        var key = PrivateKey.Generate();
        var options = chain.Options(key, directory);
        var expected = option;
        switch (option)
        {
            case "Key": options.Key = null; break;
            case "RpcUrl": options.RpcUrl = null; break;
            case "RpcAndUrl": options.Rpc = chain.Rpc; expected = "RpcUrl"; break;
            case "ChainId": options.ChainId = 0; break;
            case "Adjudicator": options.Adjudicator = Address.Zero; break;
            case "StoreFileName": options.StoreFileName = "../escape.db"; break;
            case "CursorDirectoryName": options.CursorDirectoryName = ""; break;
            case "ChainPollInterval": options.ChainPollInterval = TimeSpan.Zero; break;
            case "StepTimeout": options.StepTimeout = TimeSpan.FromSeconds(-1); break;
            case "Engine": options.Engine.MaxUnacknowledged = 0; break;
            case "Watcher": options.Watcher = options.Watcher with { CursorName = "a/b" }; break;
            case "Peers": options.Peers[key.Address] = new IPEndPoint(IPAddress.Loopback, 1); break;
            case "Transport.ReconnectDelay": options.Transport.ReconnectDelay = TimeSpan.Zero; break;
        }
        var error = await Assert.ThrowsAsync<ParleyNodeOptionsException>(() => ParleyNode.StartAsync(options));
        Assert.Equal(expected, error.Option);
        Assert.Equal(expected, error.ParamName);
        Assert.StartsWith($"ParleyNodeOptions.{expected}: ", error.Message);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task A_chain_that_contradicts_the_options_fails_the_start_before_anything_is_created()
    {
        var directory = Path.Combine(chain.NewDirectory(), "node");
        var options = chain.Options(PrivateKey.Generate(), directory);
        options.ChainId = chain.Chain.ChainId + 1;
        var wrongChain = await Assert.ThrowsAsync<ChainMismatchException>(() => ParleyNode.StartAsync(options));
        Assert.Equal("ChainId", wrongChain.Option);
        Assert.Contains($"chain id {chain.Chain.ChainId}", wrongChain.Actual);

        options = chain.Options(PrivateKey.Generate(), directory);
        options.Adjudicator = PrivateKey.Generate().Address;   // an account without code
        var noCode = await Assert.ThrowsAsync<ChainMismatchException>(() => ParleyNode.StartAsync(options));
        Assert.Equal("Adjudicator", noCode.Option);
        Assert.False(Directory.Exists(directory));

        var file = Path.Combine(chain.NewDirectory(), "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        options = chain.Options(PrivateKey.Generate(), file);
        Assert.Equal("DataDirectory", (await Assert.ThrowsAsync<ParleyNodeOptionsException>(() => ParleyNode.StartAsync(options))).Option);
    }

    [Fact]
    public async Task A_failure_after_the_store_is_open_stops_everything_it_started()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var directory = chain.NewDirectory();
        var key = await chain.FundedKeyAsync();
        var options = chain.Options(key, directory);
        options.ListenEndPoint = (IPEndPoint)occupied.LocalEndpoint;
        var error = await Assert.ThrowsAsync<SocketException>(() => ParleyNode.StartAsync(options));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);

        // The store (an exclusive lock file) was closed again, so a node starts on the same folder; the port is still
        // the other listener's alone.
        var node = await StartAsync(chain.Options(key, directory));
        Assert.NotEqual(((IPEndPoint)occupied.LocalEndpoint).Port, node.PeerEndPoint!.Port);
        Assert.True(File.Exists(Path.Combine(directory, ParleyNodeOptions.DefaultStoreFileName)));
    }

    private async Task<ParleyNode> StartAsync(ParleyNodeOptions options)
    {
        var node = await ParleyNode.StartAsync(options);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Plays <see cref="Cells"/> in order, each move by the participant whose turn it is, until the game ends
    /// (or <paramref name="untilTurn"/>), and waits until both nodes hold the last state.</summary>
    private static async Task PlayAsync(Bytes32 id, ParleyNode x, ParleyNode o, ulong? untilTurn = null)
    {
        while (true)
        {
            var state = x.GetChannel(id);
            var turn = state.Latest.TurnNum;
            if (state.Latest.IsFinal || turn >= untilTurn)
            {
                break;
            }
            var mover = TicTacToe.Definition.NextMover(state.Latest.AppData, turn) == 0 ? x : o;
            await mover.WaitForAsync(id, s => s.Latest.TurnNum == turn);
            await mover.ActAsync(id, TicTacToe.Actions.Play(Cells[turn]));
            await x.WaitForAsync(id, s => s.Latest.TurnNum > turn);
            await o.WaitForAsync(id, s => s.Latest.TurnNum > turn);
        }
        if (untilTurn is null)
        {
            Assert.Equal(1, TicTacToe.Definition.Decode(x.GetChannel(id).Latest.AppData).Winner);
            await x.WaitForAsync(id, s => s.Phase == ChannelPhase.Concluded);
            await o.WaitForAsync(id, s => s.Phase == ChannelPhase.Concluded);
        }
    }

    private async Task<(UInt256 Balance, ulong Nonce)[]> AccountsAsync(params Address[] accounts)
    {
        var result = new (UInt256, ulong)[accounts.Length];
        for (var i = 0; i < accounts.Length; i++)
        {
            result[i] = (await chain.Rpc.GetBalanceAsync(accounts[i]), await chain.Rpc.GetTransactionCountAsync(accounts[i]));
        }
        return result;
    }

    private static UInt256 Fee(IEnumerable<ShareDepositedEvent> deposits, Address from) =>
        deposits.Where(d => d.Deposit.Deposit.Receipt.From == from).Aggregate(UInt256.Zero, (s, d) => s + d.Deposit.Deposit.Receipt.Fee);

    /// <summary>The fee of <paramref name="from"/>'s deposit into the channel, found from the chain's <c>Deposited</c> logs.</summary>
    private async Task<UInt256> DepositFeeAsync(Bytes32 channelId, Address from)
    {
        var logs = await chain.Rpc.GetLogsAsync(new Chain.LogFilter(chain.Chain.AdjudicatorBlock, null, [chain.Chain.Adjudicator.Address], [null, [channelId]]));
        var fee = UInt256.Zero;
        var found = 0;
        foreach (var log in logs)
        {
            if (AdjudicatorEvents.TryDecode(log, out var e) && e is DepositedEvent)
            {
                var receipt = (await chain.Rpc.GetTransactionReceiptAsync(log.TransactionHash))!;
                if (receipt.From == from)
                {
                    fee += receipt.Fee;
                    found++;
                }
            }
        }
        Assert.Equal(1, found);
        return fee;
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }
}
