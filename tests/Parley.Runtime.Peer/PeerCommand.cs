using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Parley.Channels;
using Parley.Engine;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Runtime.Peer.Machines;
using Parley.StateMachines;
using Parley.Store;
using Parley.Transport;

namespace Parley.Runtime.Peer;

/// <summary>
/// The peer process. <c>play</c>: run a node, propose or join channels, play them with random valid moves, print one
/// JSON line per event on stdout (<c>ready</c>, <c>restored</c>, <c>stored</c>, <c>signed</c>, <c>concluded</c>,
/// <c>rejected</c>, <c>done</c>), and exit when stdin closes. <c>rederive</c>: time a cold re-derivation of a
/// channel from a database. <c>bench</c>: the throughput harness (<see cref="Bench"/>).
/// </summary>
public static class PeerCommand
{
    private static readonly Lock OutputLock = new();

    public static async Task<int> RunAsync(string[] args)
    {
        var options = PeerOptions.Parse(args);
        // Touch the machines so their definitions register.
        _ = TicTacToe.Definition;
        _ = TicTacToe3.Definition;
        _ = Rally.Definition;
        _ = PaymentStream.Definition;
        return options.Mode switch
        {
            "play" => await PlayAsync(options),
            "rederive" => await RederiveAsync(options),
            "pay" => await PayCommand.RunAsync(options),
            "bench" => await Bench.RunAsync(options),
            _ => throw new ArgumentException($"Unknown mode {options.Mode}: play, rederive or bench."),
        };
    }

    internal static void Emit(object record)
    {
        var line = JsonSerializer.Serialize(record);
        lock (OutputLock)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    private static async Task<int> PlayAsync(PeerOptions options)
    {
        var network = new NetworkContext(options.ChainId, options.Adjudicator);
        var transportOptions = new TcpTransportOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, options.ListenPort),
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(250),
        };
        foreach (var (peer, endPoint) in options.Peers)
        {
            transportOptions.Peers[peer] = endPoint;
        }
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = options.Db, Durability = options.Durability });
        await using var events = new ChannelEvents();
        var transport = new TcpTransport(options.Key, network, transportOptions);
        var engineOptions = new ChannelEngineOptions
        {
            Protocol = new ProtocolOptions { CheckpointInterval = options.CheckpointInterval },
            TickInterval = TimeSpan.FromMilliseconds(100),
        };
        await using var engine = new ChannelEngine(options.Key, network, store, transport, events, engineOptions);
        var random = options.Seed is { } seed ? new Random(seed) : new Random();
        var concluded = new ConcurrentDictionary<Bytes32, bool>();
        var drivers = new ConcurrentDictionary<Bytes32, Task>();
        using var stop = new CancellationTokenSource();
        var done = new TaskCompletionSource();

        var storedCount = 0;
        var timings = new ConcurrentDictionary<Bytes32, List<long>>();
        events.EventPublished += (_, e) =>
        {
            if (e is StateChangedEvent && options.DieAfter > 0 && Interlocked.Increment(ref storedCount) == options.DieAfter)
            {
                DieSoon(options.DieDelayMicroseconds);
            }
            if (options.Timing && e is StateChangedEvent tick)
            {
                var list = timings.GetOrAdd(tick.ChannelId, _ => []);
                lock (list)
                {
                    list.Add(Stopwatch.GetTimestamp());
                }
            }
            if (options.Timing && e is ChannelConcludedEvent end && timings.TryGetValue(end.ChannelId, out var stamps) && stamps.Count > 1)
            {
                var gaps = stamps.Zip(stamps.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMicroseconds).Order().ToArray();
                Emit(new { e = "timing", channel = end.ChannelId.ToString(), updates = stamps.Count,
                    seconds = Stopwatch.GetElapsedTime(stamps[0], stamps[^1]).TotalSeconds,
                    p50Us = gaps[(int)(0.50 * (gaps.Length - 1))], p99Us = gaps[(int)(0.99 * (gaps.Length - 1))] });
            }
            switch (e)
            {
                case StateChangedEvent changed when options.Verbose:
                    Emit(new { e = "stored", channel = changed.ChannelId.ToString(), turn = changed.TurnNum, mover = changed.Mover,
                        hash = engine.GetChannel(changed.ChannelId)?.RecentHashes.GetValueOrDefault(changed.TurnNum).ToString() });
                    break;
                case ChannelConcludedEvent c:
                    Emit(new { e = "concluded", channel = c.ChannelId.ToString(), turn = c.TurnNum });
                    if (concluded.TryAdd(c.ChannelId, true) && concluded.Count >= options.Expect && options.Expect > 0)
                    {
                        done.TrySetResult();
                    }
                    break;
                case UpdateRejectedEvent r:
                    Emit(new { e = "rejected", channel = r.ChannelId.ToString(), turn = r.TurnNum, reason = r.Reason.ToString(), detail = r.Detail });
                    break;
                case ChannelProposedEvent p when !p.ProposedByMe:
                    drivers.GetOrAdd(p.ChannelId, id => Task.Run(() => DriveAsync(engine, id, options, random, stop.Token)));
                    break;
                case PeerConnectedEvent pc:
                    Emit(new { e = "peer-up", peer = pc.Peer.ToString() });
                    break;
                case PeerLostEvent pl:
                    Emit(new { e = "peer-down", peer = pl.Peer.ToString(), reason = pl.Reason.Reason });
                    break;
            }
        };
        await engine.StartAsync();
        Emit(new { e = "ready", address = options.Key.Address.ToString(), port = transport.ListenEndPoint!.Port,
            cpuMs = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds });
        foreach (var id in engine.ChannelIds)
        {
            var state = engine.GetChannel(id)!;
            Emit(new { e = "restored", channel = id.ToString(), turn = state.Latest.TurnNum, signed = state.HighestSignedTurn, phase = state.Phase.ToString() });
            if (state.Phase == ChannelPhase.Concluded)
            {
                concluded.TryAdd(id, true);
            }
            _ = drivers.GetOrAdd(id, key => Task.Run(() => DriveAsync(engine, key, options, random, stop.Token)));
        }
        if (options.Expect > 0 && concluded.Count >= options.Expect)
        {
            done.TrySetResult();
        }

        // Propose channels that are not there yet (a restarted proposer finds them in its store).
        for (var i = 0; i < options.Propose; i++)
        {
            var fixedPart = new FixedPart(options.ChainId, options.Adjudicator, options.Participants, options.NonceBase + (ulong)i,
                Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), 3600);
            if (engine.GetChannel(fixedPart.ChannelId) is not null)
            {
                continue;
            }
            var app = StateMachineRegistry.Get(options.App);
            var stake = new UInt256(0, 0, 0, options.App == nameof(Rally) ? 1_000_000UL : 5UL);
            var outcome = new Outcome(new AssetOutcome(Address.Zero, [.. Enumerable.Repeat(stake, fixedPart.ParticipantCount)]));
            var appData = options.App == nameof(Rally) ? new Rally { Target = checked((ushort)options.Target) }.ToAppData() : app.InitialAppData();
            await engine.OpenChannelAsync(fixedPart, app, outcome, appData);
            _ = drivers.GetOrAdd(fixedPart.ChannelId, id => Task.Run(() => DriveAsync(engine, id, options, random, stop.Token)));
        }

        var stdinClosed = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        });
        var finished = await Task.WhenAny(done.Task, stdinClosed);
        if (finished == done.Task)
        {
            Emit(new { e = "done", channels = concluded.Count });
            await stdinClosed;
        }
        stop.Cancel();
        Emit(new { e = "exit", cpuMs = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds });
        return 0;
    }

    /// <summary>
    /// The crash test's kill: a thread that waits <paramref name="microseconds"/> (spinning, for precision) and sends
    /// SIGKILL to this process, wherever the engine's threads happen to be at that instant.
    /// </summary>
    private static void DieSoon(int microseconds)
    {
        var thread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalMicroseconds < microseconds)
            {
                Thread.SpinWait(20);
            }
            Process.GetCurrentProcess().Kill();
        })
        { IsBackground = true, Priority = ThreadPriority.Highest };
        thread.Start();
    }

    /// <summary>Plays one channel: whenever it is this node's turn, a random valid move.</summary>
    private static async Task DriveAsync(ChannelEngine engine, Bytes32 channelId, PeerOptions options, Random random, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var state = await engine.WaitForAsync(channelId, s => s.Phase == ChannelPhase.Concluded || (s.NextMover == s.MyIndex && s.NextMover >= 0),
                    cancellationToken);
                if (state.Phase == ChannelPhase.Concluded)
                {
                    return;
                }
                if (state.App.Id == nameof(PaymentStream))
                {
                    return; // the payment stream is driven by the benchmark
                }
                var action = PickMove(state, random);
                try
                {
                    var signed = await engine.ActAsync(channelId, action, cancellationToken);
                    if (options.Verbose)
                    {
                        Emit(new { e = "signed", channel = channelId.ToString(), turn = signed.TurnNum, hash = signed.Hash.ToString() });
                    }
                }
                catch (ChannelRequestException e) when (e.Reason is RejectionReason.NotYourTurn or RejectionReason.StateIsFinal or RejectionReason.ChannelNotRunning)
                {
                    // The state moved on; look again.
                }
                catch (ChannelRequestException e) when (e.Reason is RejectionReason.AlreadySigned)
                {
                    // Signed before a crash and resent by the peer in a moment: wait for it.
                    await Task.Delay(10, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static byte[] PickMove(ChannelState state, Random random)
    {
        switch (state.App.Id)
        {
            case nameof(TicTacToe):
            {
                var board = TicTacToe.FromAppData(state.Latest.AppData).Board;
                var empty = Enumerable.Range(0, 9).Where(i => board[i] == 0).ToArray();
                return TicTacToe.Actions.Play((byte)empty[random.Next(empty.Length)]);
            }
            case nameof(TicTacToe3):
            {
                var board = TicTacToe3.FromAppData(state.Latest.AppData).Board;
                var empty = Enumerable.Range(0, 16).Where(i => board[i] == 0).ToArray();
                return TicTacToe3.Actions.Play((byte)empty[random.Next(empty.Length)]);
            }
            case nameof(Rally):
                return Rally.Actions.Hit((byte)random.Next(1, 10));
            default:
                throw new InvalidOperationException($"No player for {state.App.Id}.");
        }
    }

    /// <summary>
    /// Re-derives every channel (or <c>--channel</c>) of a database twice, each time from a freshly opened store: the
    /// first run is cold (a new process: nothing compiled or cached), the second warm. Prints a <c>rederived</c> line per
    /// channel and the two times.
    /// </summary>
    private static async Task<int> RederiveAsync(PeerOptions options)
    {
        var clean = true;
        foreach (var pass in new[] { "rederive-time", "rederive-warm-time" })
        {
            var stopwatch = Stopwatch.StartNew();
            await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = options.Db });
            var ids = options.Channel is { } one ? [one] : await store.ListChannelsAsync();
            var reports = new List<RederivationReport>();
            foreach (var id in ids)
            {
                reports.Add(await StoredHistory.RederiveAsync(store, id, app => StateMachineRegistry.TryGet(app, out var d) ? d : null));
            }
            stopwatch.Stop();
            if (pass == "rederive-time")
            {
                foreach (var report in reports)
                {
                    Emit(new { e = "rederived", channel = report.ChannelId.ToString(), clean = report.IsClean, entries = report.EntriesChecked,
                        signatures = report.SignaturesChecked, mismatch = report.Mismatch?.ToString() });
                }
            }
            clean &= reports.All(r => r.IsClean);
            Emit(new { e = pass, ms = stopwatch.Elapsed.TotalMilliseconds });
        }
        return clean ? 0 : 2;
    }
}
