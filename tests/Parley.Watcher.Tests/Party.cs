using System.Collections.Concurrent;
using System.Net;
using Parley.Chain;
using Parley.Channels;
using Parley.Crypto;
using Parley.Engine;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Settlement;
using Parley.StateMachines;
using Parley.Store;
using Parley.Transport;

namespace Parley.Watcher.Tests;

/// <summary>
/// A participant node for the watcher tests: a SQLite store, a TCP transport, the channel engine, a chain service paying
/// with the participant's key, and (optionally, restartable) a watcher with a file cursor — wired the way a node wires
/// them: the watcher is the engine's escalation handler, and the engine runs on the chain clock.
/// </summary>
public sealed class Party : IAsyncDisposable
{
    private readonly ChainFixture _chain;
    private readonly Relay _relay;
    private readonly string _directory;

    private Party(ChainFixture chain, PrivateKey key, string directory, IChannelStore store, ChannelEvents events, TcpTransport transport, ChannelEngine engine,
        ChainService service, Relay relay, SwitchableTransport delivery)
    {
        Delivery = delivery;
        _chain = chain;
        Key = key;
        _directory = directory;
        Store = store;
        Events = events;
        Transport = transport;
        Engine = engine;
        Chain = service;
        _relay = relay;
    }

    public PrivateKey Key { get; }

    public Address Address => Key.Address;

    public IChannelStore Store { get; }

    public ChannelEvents Events { get; }

    public TcpTransport Transport { get; }

    public ChannelEngine Engine { get; }

    /// <summary>The engine's way out: set <see cref="SwitchableTransport.Drop"/> to stop sending anything off chain.</summary>
    public SwitchableTransport Delivery { get; }

    public ChainService Chain { get; }

    public ChannelWatcher? Watcher { get; private set; }

    public ConcurrentQueue<WatcherEvent> WatcherEvents { get; } = new();

    public string CursorDirectory => Path.Combine(_directory, "cursors");

    public static async Task<Party> StartAsync(ChainFixture chain, string directory, Party? dial = null, ProtocolOptions? protocol = null)
    {
        Directory.CreateDirectory(directory);
        var key = await chain.FundedKeyAsync();
        var clock = new ChainClock();
        await clock.SyncAsync(chain.Rpc);
        var service = chain.Service(key, clock);
        var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = Path.Combine(directory, "node.db"), Durability = StoreDurability.Normal });
        var transportOptions = new TcpTransportOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        };
        if (dial is not null)
        {
            transportOptions.Peers[dial.Address] = dial.Transport.ListenEndPoint!;
        }
        var transport = new TcpTransport(key, chain.Chain.Network, transportOptions);
        var events = new ChannelEvents();
        var relay = new Relay();
        var delivery = new SwitchableTransport(transport);
        var engine = new ChannelEngine(key, chain.Chain.Network, store, delivery, events,
            new ChannelEngineOptions { Protocol = protocol ?? new ProtocolOptions(), TickInterval = TimeSpan.FromMilliseconds(20) },
            time: clock, escalationHandlers: [relay]);
        await engine.StartAsync();
        return new Party(chain, key, directory, store, events, transport, engine, service, relay, delivery);
    }

    /// <summary>Starts a watcher (a new instance on the same store and cursor folder: a restart, if one ran before).</summary>
    public async Task<ChannelWatcher> StartWatcherAsync(WatcherOptions? options = null, Func<string, IStateMachineDefinition?>? resolveApp = null)
    {
        if (Watcher is not null)
        {
            throw new InvalidOperationException("A watcher is running.");
        }
        var watcher = new ChannelWatcher(Chain, Store, new FileLogCursorStore(CursorDirectory),
            options ?? new WatcherOptions { PollInterval = TimeSpan.FromMilliseconds(20), StartBlock = _chain.Chain.AdjudicatorBlock }, resolveApp);
        watcher.EventRaised += (_, e) => WatcherEvents.Enqueue(e);
        watcher.Engine = Engine; // signs new moves for a challenge responder, as a node wires it
        Watcher = watcher;
        _relay.Target = watcher;
        await watcher.StartAsync();
        return watcher;
    }

    public async Task StopWatcherAsync()
    {
        _relay.Target = null;
        if (Watcher is not null)
        {
            await Watcher.DisposeAsync();
            Watcher = null;
        }
    }

    /// <summary>Waits for a watcher event of type <typeparamref name="T"/> matching <paramref name="match"/> (already raised or to come).</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : WatcherEvent
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < limit)
        {
            if (WatcherEvents.OfType<T>().FirstOrDefault(e => match?.Invoke(e) ?? true) is { } found)
            {
                return found;
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"No {typeof(T).Name} within the time limit; events: {string.Join("; ", WatcherEvents.Select(e => e.GetType().Name))}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopWatcherAsync();
        await Engine.DisposeAsync();
        await Store.DisposeAsync();
        await Events.DisposeAsync();
    }

    /// <summary>Forwards escalations to the current watcher (none while it is stopped).</summary>
    private sealed class Relay : IEscalationHandler
    {
        public volatile ChannelWatcher? Target;

        public Task OnEscalationAsync(EscalationNeededEvent escalation, CancellationToken cancellationToken) =>
            Target?.OnEscalationAsync(escalation, cancellationToken) ?? Task.CompletedTask;
    }
}

/// <summary>Two parties with a funded tic-tac-toe channel between them.</summary>
public static class Duel
{
    public static readonly UInt256 Stake = ChainFixture.Ether;

    public static async Task<Bytes32> OpenAndFundAsync(ChainFixture chain, Party alice, Party bob, ulong challengeDuration = 600)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var fixedPart = new FixedPart(chain.Chain.ChainId, chain.Chain.Adjudicator.Address, [alice.Address, bob.Address],
            (ulong)Random.Shared.NextInt64(1, long.MaxValue), chain.TicTacToeApp, challengeDuration);
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [Stake, Stake]));
        var opened = await alice.Engine.OpenChannelAsync(fixedPart, TicTacToe.Definition, outcome, cancellationToken: timeout.Token);
        await bob.Engine.WaitForAsync(opened.ChannelId, s => s.Phase == ChannelPhase.Running, timeout.Token);
        await alice.Engine.WaitForAsync(opened.ChannelId, s => s.Phase == ChannelPhase.Running, timeout.Token);
        // Each side deposits with the funding deadline its own engine stored from the proposal.
        var bobDeposit = bob.Chain.DepositShareAsync(opened.ChannelId, outcome, 1, bob.Engine.GetChannel(opened.ChannelId)!.FundingDeadline,
            TimeSpan.FromSeconds(30), timeout.Token);
        await alice.Chain.DepositShareAsync(opened.ChannelId, outcome, 0, opened.FundingDeadline, TimeSpan.FromSeconds(30), timeout.Token);
        await bobDeposit;
        await alice.Chain.WaitForFundingAsync(opened.ChannelId, outcome, TimeSpan.FromSeconds(10), timeout.Token);
        return opened.ChannelId;
    }

    /// <summary>Plays <paramref name="cells"/> alternately, Alice (X) first, and waits until both engines hold the last turn.</summary>
    public static async Task PlayAsync(Party alice, Party bob, Bytes32 channelId, params byte[] cells)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var cell in cells)
        {
            var state = alice.Engine.GetChannel(channelId)!;
            var mover = TicTacToe.Definition.NextMover(state.Latest.AppData, state.Latest.TurnNum) == 0 ? alice : bob;
            var other = mover == alice ? bob : alice;
            var next = await mover.Engine.ActAsync(channelId, TicTacToe.Actions.Play(cell), timeout.Token);
            await other.Engine.WaitForAsync(channelId, s => s.Latest.TurnNum == next.TurnNum, timeout.Token);
        }
    }

    /// <summary>A support proof of turn <paramref name="turn"/>, older than the latest: what a cheating party challenges with.</summary>
    public static async Task<SupportProof> StaleProofAsync(Party party, Bytes32 channelId, ulong turn)
    {
        var latest = await party.Engine.GetSupportProofAsync(channelId);
        var baseTurn = latest.Base.State.TurnNum;
        Assert.True(baseTurn <= turn && turn < latest.TurnNum, $"the latest proof is based on turn {baseTurn} and reaches {latest.TurnNum}");
        return new SupportProof(latest.Base, latest.Moves.Take((int)(turn - baseTurn)));
    }
}
