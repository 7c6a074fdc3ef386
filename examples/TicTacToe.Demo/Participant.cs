using System.Collections.Concurrent;
using System.Net;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.Crypto;
using Parley.Nodes;
using Parley.Protocol;
using Parley.Settlement;
using Parley.Watcher;

namespace Parley.Examples.Demo;

/// <summary>
/// One participant process: its own key and <see cref="ParleyNode"/> (SQLite store, TCP transport, channel engine on the
/// chain clock, chain service and, for Alice, the watcher). It plays the scripted part of its role and reports each step on stdout; lines starting with
/// <c>@</c> are for the orchestrator (<c>@listen port</c>, <c>@game1-done</c>, <c>@advance-to t</c>, <c>@game2-done</c>),
/// and it waits for <c>go</c> on stdin between the games.
/// </summary>
public sealed class Participant : IAsyncDisposable
{
    // Game 1: X takes the top row. Game 2: O fails to block and X wins on the diagonal 0-4-8 with turn 5.
    private static readonly byte[] AliceGame1 = [0, 1, 2];
    private static readonly byte[] BobGame1 = [3, 4];
    private static readonly byte[] AliceGame2 = [4, 0, 8];
    private static readonly byte[] BobGame2 = [1, 2];

    /// <summary>Game 2's winning move: the turn Bob withholds his countersignature from and challenges before.</summary>
    private const ulong WinningTurn = 5;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly DemoArguments _args;
    private readonly PrivateKey _key;
    private readonly ConcurrentQueue<WatcherEvent> _watcherEvents = new();
    private ParleyNode _node = null!;
    private WithholdingTransport? _cheat;

    private Participant(DemoArguments args, PrivateKey key)
    {
        _args = args;
        _key = key;
    }

    /// <summary>
    /// The participant's node: its own SQLite store (<c>alice.db</c>/<c>bob.db</c> in the shared data folder), TCP on a free
    /// loopback port (Bob dials Alice), the engine on chain time. Alice's node runs the watcher; Bob's, the cheat, does
    /// not (his own watcher would answer his stale challenge) and carries <see cref="WithholdingTransport"/> between its
    /// engine and its transport. Deposits are made step by step by the script (<see cref="ParleyNode.FundAsync"/>), so
    /// each is shown with its gas.
    /// </summary>
    private ParleyNodeOptions NodeOptions()
    {
        var options = new ParleyNodeOptions
        {
            Key = _key,
            RpcUrl = _args.RpcUrl,
            ChainId = _args.ChainId,
            Adjudicator = _args.Adjudicator,
            FromBlock = _args.AdjudicatorBlock,
            DataDirectory = _args.DataDirectory,
            StoreFileName = $"{Name}.db",
            CursorDirectoryName = $"{Name}-cursors",
            Watch = IsAlice,
            AutoDeposit = false,
            ChainPollInterval = TimeSpan.FromMilliseconds(50),
            TickInterval = TimeSpan.FromMilliseconds(50),
            StepTimeout = StepTimeout,
            Transactions = new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) },
        };
        options.Transport.ReconnectDelay = TimeSpan.FromMilliseconds(20);
        options.Transport.MaxReconnectDelay = TimeSpan.FromMilliseconds(500);
        if (_args.PeerEndPoint is { } peer)
        {
            options.Peers[_args.Alice] = IPEndPoint.Parse(peer);
        }
        if (!IsAlice)
        {
            options.TransportDecorator = transport => _cheat = new WithholdingTransport(transport, _args.Channel(2).ChannelId, WinningTurn);
        }
        return options;
    }

    private bool IsAlice => _args.Role == "alice";

    private string Name => IsAlice ? "alice" : "bob";

    private int Index => IsAlice ? 0 : 1;

    public static async Task<int> RunAsync(DemoArguments args)
    {
        var key = PrivateKey.Parse(Environment.GetEnvironmentVariable(DemoArguments.KeyVariable)
            ?? throw new InvalidOperationException($"{DemoArguments.KeyVariable} is not set."));
        if (args.Role == "bob-collect")
        {
            await CollectAsync(args, key);
            return 0;
        }
        await using var participant = new Participant(args, key);
        await participant.RunAsync();
        return 0;
    }

    private async Task RunAsync()
    {
        _node = await ParleyNode.StartAsync(NodeOptions());
        if (_node.Watcher is { } watcher)
        {
            watcher.EventRaised += (_, e) => _watcherEvents.Enqueue(e);
        }
        Say($"node {_key.Address} up: SQLite store, TCP on {_node.PeerEndPoint}{(IsAlice ? ", watcher on" : "")}");
        if (IsAlice)
        {
            Control($"listen {_node.PeerEndPoint!.Port}");
        }

        // ---------------------------------------------------------------- game 1: cooperative
        var first = _args.Channel(1);
        await OpenAndFundAsync(first);
        await PlayAsync(first.ChannelId, IsAlice ? AliceGame1 : BobGame1, untilTurn: null);
        var concluded = await _node.WaitForAsync(first.ChannelId, s => s.Phase == ChannelPhase.Concluded);
        Say($"game over at turn {concluded.Latest.TurnNum}: {Verdict(concluded.Latest.AppData)}; final state signed by both (concluded off chain)");
        if (IsAlice)
        {
            var closed = await _node.CloseAsync(first.ChannelId);
            Gas("concludeAndWithdraw (pays both sides in one transaction)", closed.Receipt!);
        }
        Control("game1-done");
        await WaitForGoAsync();

        // ---------------------------------------------------------------- game 2: dispute
        if (IsAlice)
        {
            Say("watcher on guard: follows the adjudicator's events for every stored channel (running since the node started)");
        }
        var second = _args.Channel(2);
        await OpenAndFundAsync(second);
        if (IsAlice)
        {
            await PlayAsync(second.ChannelId, AliceGame2, untilTurn: null);
            await DefendAsync(second);
        }
        else
        {
            await CheatAsync(second);
        }
    }

    private async Task OpenAndFundAsync(FixedPart fixedPart)
    {
        var id = fixedPart.ChannelId;
        if (IsAlice)
        {
            // The proposal carries the funding deadline (chain time + the engine's funding window): both deposits name it.
            await _node.OpenChannelAsync(fixedPart, TicTacToe.Definition, DemoArguments.Funding, cancellationToken: Timeout());
            Say($"proposed channel {Short(id)} (tic-tac-toe, stake {Ether.Format(DemoArguments.Stake)} each, challenge window {fixedPart.ChallengeDuration} s)");
        }
        var running = await _node.WaitForRunningAsync(id);
        Say($"channel {Short(id)} open: pre-fund state signed by both");
        var deposits = await _node.FundAsync(id, Timeout());   // deposits in turn (Alice first), then waits for full funding
        foreach (var deposit in deposits)
        {
            Gas($"depositETH {Ether.Format(deposit.Amount)} (channel now holds {Ether.Format(deposit.HoldingsAfter)})", deposit.Deposit);
        }
        Say($"channel {Short(id)} fully funded on chain (funding deadline {running.FundingDeadline}, chain time)");
    }

    private async Task PlayAsync(Bytes32 id, byte[] cells, ulong? untilTurn)
    {
        var next = 0;
        while (true)
        {
            var state = _node.GetChannel(id);
            var turn = state.Latest.TurnNum;
            if (state.Latest.IsFinal || (untilTurn is { } last && turn >= last))
            {
                return;
            }
            if (TicTacToe.Definition.NextMover(state.Latest.AppData, turn) == Index)
            {
                var cell = cells[next++];
                var moved = await _node.ActAsync(id, TicTacToe.Actions.Play(cell), Timeout());
                Say($"turn {moved.TurnNum}: {(IsAlice ? 'X' : 'O')} plays cell {cell}, signed and sent   {Board(moved.AppData)}");
            }
            else
            {
                await _node.WaitForAsync(id, s => s.Latest.TurnNum > turn);
            }
        }
    }

    /// <summary>
    /// Bob plays to his turn 4, takes its support proof before X's reply reaches his engine, lets X's winning move in,
    /// withholds his countersignature of it (<see cref="WithholdingTransport"/>), registers the stale turn 4 on chain
    /// and goes silent.
    /// </summary>
    private async Task CheatAsync(FixedPart fixedPart)
    {
        var id = fixedPart.ChannelId;
        await PlayAsync(id, BobGame2, untilTurn: WinningTurn - 1);
        var stale = await _node.Engine.GetSupportProofAsync(id);
        if (stale.TurnNum != WinningTurn - 1)
        {
            throw new InvalidOperationException($"Expected the support proof of turn {WinningTurn - 1}, got turn {stale.TurnNum}.");
        }
        Say($"keeps the support proof of its turn {stale.TurnNum} (signed moves {stale.Base.State.TurnNum + 1}..{stale.TurnNum} on the agreed turn {stale.Base.State.TurnNum})");
        _cheat!.Release();
        var won = await _node.WaitForAsync(id, s => s.Latest.TurnNum >= WinningTurn);
        Say($"turn {won.Latest.TurnNum} arrives: {Verdict(won.Latest.AppData)}   {Board(won.Latest.AppData)}");
        Say($"O cheats: withholds its countersignature of the final turn {won.Latest.TurnNum} and challenges on chain with the stale turn {stale.TurnNum}");
        var receipt = await _node.Chain.ChallengeAsync(stale);
        var challenged = receipt.EventsOf<ChallengedEvent>().Single();
        Gas($"challenge with turn {stale.TurnNum} (finalizes at chain time {challenged.FinalizesAt})", receipt);
        Say("goes silent (node stops)");
    }

    /// <summary>Alice's watcher answers the stale challenge; once the window has passed the channel finalizes and the watcher withdraws.</summary>
    private async Task DefendAsync(FixedPart fixedPart)
    {
        var id = fixedPart.ChannelId;
        var detected = await WaitForAsync<ChallengeDetectedEvent>(id);
        Say($"watcher: challenge detected on turn {detected.TurnNumRecord}, our latest supported turn is {detected.LatestSupportedTurn} (stale: {detected.IsStale})");
        var answered = await WaitForAsync<ChallengeAnsweredEvent>(id);
        Gas($"watcher answered by {answered.Answer.ToString().ToLowerInvariant()} with turn {answered.AnsweredTurn} in block {answered.Receipt.Receipt.BlockNumber} "
            + $"(challenge in block {answered.ChallengeBlock})", answered.Receipt);
        var status = await _node.Chain.StatusAsync(id);
        Say($"on chain: turn {status.TurnNumRecord} registered — X's win, the reducer's outcome pays X both stakes; window closes at chain time {status.FinalizesAt}");
        Control($"advance-to {status.FinalizesAt}");
        var finalized = await WaitForAsync<ChannelFinalizedEvent>(id, TimeSpan.FromSeconds(120));
        Say($"watcher: channel finalized on turn {finalized.View.TurnNumRecord} (O's stale challenge did not stand)");
        var payout = await WaitForAsync<PayoutWithdrawnEvent>(id);
        Gas($"watcher withdrew {Ether.Format(payout.Amount)} (our share of the registered outcome)", payout.Receipt);
        Control("game2-done");
    }

    /// <summary>Bob comes back after the channel finalized and withdraws what the registered outcome gives him.</summary>
    private static async Task CollectAsync(DemoArguments args, PrivateKey key)
    {
        var rpc = new JsonRpcClient(args.RpcUrl);
        var service = new ChainService(new LocalAccount(rpc, key, args.ChainId, new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) }),
            new AdjudicatorClient(rpc, args.Adjudicator), null, new ChainServiceOptions { FromBlock = args.AdjudicatorBlock });
        var fixedPart = args.Channel(2);
        var view = await service.ReadChannelAsync(fixedPart, TicTacToe.Definition);
        var share = view.RegisteredOnRecord?.Outcome.Assets[0].Balances[1]
            ?? throw new InvalidOperationException($"Channel {fixedPart.ChannelId} has no registered outcome on chain.");
        Console.WriteLine($"back online: channel {Short(fixedPart.ChannelId)} is {view.Phase}, the registered outcome gives O {Ether.Format(share)}");
        if (share.IsZero)
        {
            // The adjudicator reverts a withdrawal that pays nothing (NothingToWithdraw): don't send one.
            Console.WriteLine("nothing to withdraw: X's win gave O's stake to X; no transaction sent");
            return;
        }
        var receipt = await service.WithdrawAsync(fixedPart, view, 0, 1);
        Console.WriteLine($"tx withdraw O's share: gas {receipt.Receipt.GasUsed:N0}, fee {Ether.Format(receipt.Receipt.Fee)}");
    }

    private async Task<T> WaitForAsync<T>(Bytes32 id, TimeSpan? timeout = null) where T : WatcherEvent
    {
        var limit = DateTime.UtcNow + (timeout ?? StepTimeout);
        while (DateTime.UtcNow < limit)
        {
            if (_watcherEvents.OfType<WatcherFailedEvent>().FirstOrDefault() is { } failed)
            {
                throw new InvalidOperationException($"The watcher failed: {failed.Error.Message}", failed.Error);
            }
            if (_watcherEvents.OfType<T>().FirstOrDefault(e => e.ChannelId == id) is { } found)
            {
                return found;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"No {typeof(T).Name} in time; watcher events so far: {string.Join(", ", _watcherEvents.Select(e => e.GetType().Name))}");
    }

    private static async Task WaitForGoAsync()
    {
        var line = await Console.In.ReadLineAsync();
        if (line != "go")
        {
            throw new InvalidOperationException($"Expected 'go' from the orchestrator, got '{line}'.");
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(StepTimeout).Token;

    private static void Say(string line) => Console.WriteLine(line);

    private static void Control(string line) => Console.WriteLine("@" + line);

    private static void Gas(string what, AdjudicatorReceipt receipt) =>
        Console.WriteLine($"tx {what}: gas {receipt.Receipt.GasUsed:N0}, fee {Ether.Format(receipt.Receipt.Fee)}");

    private static string Short(Bytes32 id) => id.ToString()[..10] + "…";

    private static string Board(ReadOnlySpan<byte> appData)
    {
        // appData: the generated ABI encoding; the board's 9 cells are the first 9 words (docs/generator.md).
        var game = TicTacToe.Definition.Decode(appData);
        return string.Join('|', Enumerable.Range(0, 3).Select(r => string.Concat(Enumerable.Range(0, 3).Select(c => game.Board[3 * r + c] switch { 1 => 'X', 2 => 'O', _ => '.' }))));
    }

    private static string Verdict(ReadOnlySpan<byte> appData) => TicTacToe.Definition.Decode(appData).Winner switch
    {
        1 => "X (Alice) wins",
        2 => "O (Bob) wins",
        3 => "draw",
        _ => "running",
    };

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
