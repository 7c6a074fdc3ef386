using System.Collections.Concurrent;
using System.Net;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.Crypto;
using Parley.Engine;
using Parley.Observers;
using Parley.Protocol;
using Parley.Settlement;
using Parley.Store;
using Parley.Transport;
using Parley.Watcher;

namespace Parley.Examples.Demo;

/// <summary>
/// One participant process: its own key, SQLite store, TCP transport, channel engine on the chain clock, chain service
/// and (Alice) watcher. It plays the scripted part of its role and reports each step on stdout; lines starting with
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
    private readonly JsonRpcClient _rpc;
    private readonly ChainClock _clock;
    private readonly ChainService _service;
    private readonly IChannelStore _store;
    private readonly ChannelEvents _events;
    private readonly TcpTransport _transport;
    private readonly WithholdingTransport? _cheat;
    private readonly ChannelEngine _engine;
    private readonly EscalationRelay _relay = new();
    private readonly ConcurrentQueue<WatcherEvent> _watcherEvents = new();
    private ChannelWatcher? _watcher;

    private Participant(DemoArguments args, PrivateKey key)
    {
        _args = args;
        _key = key;
        _rpc = new JsonRpcClient(args.RpcUrl);
        _clock = new ChainClock();
        var sender = new LocalAccount(_rpc, key, args.ChainId, new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) });
        _service = new ChainService(sender, new AdjudicatorClient(_rpc, args.Adjudicator), _clock,
            new ChainServiceOptions { FundingPollInterval = TimeSpan.FromMilliseconds(20), FromBlock = args.AdjudicatorBlock });
        Directory.CreateDirectory(args.DataDirectory);
        _store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = Path.Combine(args.DataDirectory, $"{Name}.db") });
        var transportOptions = new TcpTransportOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        };
        if (args.PeerEndPoint is { } peer)
        {
            transportOptions.Peers[args.Alice] = IPEndPoint.Parse(peer);
        }
        var network = new NetworkContext(args.ChainId, args.Adjudicator);
        _transport = new TcpTransport(key, network, transportOptions);
        _events = new ChannelEvents();
        // Bob's node (not Alice's) carries the cheat of game 2 between its engine and its transport.
        _cheat = args.Role == "bob" ? new WithholdingTransport(_transport, args.Channel(2).ChannelId, WinningTurn) : null;
        _engine = new ChannelEngine(key, network, _store, (IPeerTransport?)_cheat ?? _transport, _events,
            new ChannelEngineOptions { TickInterval = TimeSpan.FromMilliseconds(50) }, time: _clock, escalationHandlers: [_relay]);
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
        await _clock.SyncAsync(_rpc);
        await _engine.StartAsync();
        Say($"node {_key.Address} up: SQLite store, TCP on {_transport.ListenEndPoint}");
        if (IsAlice)
        {
            Control($"listen {_transport.ListenEndPoint!.Port}");
        }

        // ---------------------------------------------------------------- game 1: cooperative
        var first = _args.Channel(1);
        await OpenAndFundAsync(first);
        await PlayAsync(first.ChannelId, IsAlice ? AliceGame1 : BobGame1, untilTurn: null);
        var concluded = await _engine.WaitForAsync(first.ChannelId, s => s.Phase == ChannelPhase.Concluded, Timeout());
        Say($"game over at turn {concluded.Latest.TurnNum}: {Verdict(concluded.Latest.AppData)}; final state signed by both (concluded off chain)");
        if (IsAlice)
        {
            var proof = await _engine.GetSupportProofAsync(first.ChannelId);
            var receipt = await _service.ConcludeAsync(proof.Base);
            Gas("concludeAndWithdraw (pays both sides in one transaction)", receipt);
        }
        Control("game1-done");
        await WaitForGoAsync();

        // ---------------------------------------------------------------- game 2: dispute
        if (IsAlice)
        {
            _watcher = new ChannelWatcher(_service, _store, new FileLogCursorStore(Path.Combine(_args.DataDirectory, "alice-cursors")),
                new WatcherOptions { PollInterval = TimeSpan.FromMilliseconds(50), StartBlock = _args.AdjudicatorBlock });
            _watcher.EventRaised += (_, e) => _watcherEvents.Enqueue(e);
            _relay.Target = _watcher;
            await _watcher.StartAsync();
            Say("watcher started: follows the adjudicator's events for every stored channel");
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
            await _engine.OpenChannelAsync(fixedPart, TicTacToe.Definition, DemoArguments.Funding, cancellationToken: Timeout());
            Say($"proposed channel {Short(id)} (tic-tac-toe, stake {Ether.Format(DemoArguments.Stake)} each, challenge window {fixedPart.ChallengeDuration} s)");
        }
        await _engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, Timeout());
        Say($"channel {Short(id)} open: pre-fund state signed by both");
        var deposits = await _service.DepositShareAsync(id, DemoArguments.Funding, Index, _args.FundingDeadline, StepTimeout, Timeout());
        foreach (var deposit in deposits)
        {
            Gas($"depositETH {Ether.Format(deposit.Amount)} (channel now holds {Ether.Format(deposit.HoldingsAfter)})", deposit.Deposit);
        }
        await _service.WaitForFundingAsync(id, DemoArguments.Funding, StepTimeout, Timeout());
        Say($"channel {Short(id)} fully funded on chain");
    }

    private async Task PlayAsync(Bytes32 id, byte[] cells, ulong? untilTurn)
    {
        var next = 0;
        while (true)
        {
            var state = _engine.GetChannel(id)!;
            var turn = state.Latest.TurnNum;
            if (state.Latest.IsFinal || (untilTurn is { } last && turn >= last))
            {
                return;
            }
            if (TicTacToe.Definition.NextMover(state.Latest.AppData, turn) == Index)
            {
                var cell = cells[next++];
                var moved = await _engine.ActAsync(id, TicTacToe.Actions.Play(cell), Timeout());
                Say($"turn {moved.TurnNum}: {(IsAlice ? 'X' : 'O')} plays cell {cell}, signed and sent   {Board(moved.AppData)}");
            }
            else
            {
                await _engine.WaitForAsync(id, s => s.Latest.TurnNum > turn, Timeout());
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
        var stale = await _engine.GetSupportProofAsync(id);
        if (stale.TurnNum != WinningTurn - 1)
        {
            throw new InvalidOperationException($"Expected the support proof of turn {WinningTurn - 1}, got turn {stale.TurnNum}.");
        }
        Say($"keeps the support proof of its turn {stale.TurnNum} (signed moves {stale.Base.State.TurnNum + 1}..{stale.TurnNum} on the agreed turn {stale.Base.State.TurnNum})");
        _cheat!.Release();
        var won = await _engine.WaitForAsync(id, s => s.Latest.TurnNum >= WinningTurn, Timeout());
        Say($"turn {won.Latest.TurnNum} arrives: {Verdict(won.Latest.AppData)}   {Board(won.Latest.AppData)}");
        Say($"O cheats: withholds its countersignature of the final turn {won.Latest.TurnNum} and challenges on chain with the stale turn {stale.TurnNum}");
        var receipt = await _service.ChallengeAsync(stale);
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
        var status = await _service.StatusAsync(id);
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
        _relay.Target = null;
        if (_watcher is not null)
        {
            await _watcher.DisposeAsync();
        }
        await _engine.DisposeAsync();
        await _store.DisposeAsync();
        await _events.DisposeAsync();
        _rpc.Dispose();
    }

    /// <summary>Forwards the engine's escalations to the watcher once it runs.</summary>
    private sealed class EscalationRelay : IEscalationHandler
    {
        public volatile ChannelWatcher? Target;

        public Task OnEscalationAsync(EscalationNeededEvent escalation, CancellationToken cancellationToken) =>
            Target?.OnEscalationAsync(escalation, cancellationToken) ?? Task.CompletedTask;
    }
}
