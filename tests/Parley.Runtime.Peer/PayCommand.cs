using System.Diagnostics;
using System.Net;
using Parley.Channels;
using Parley.Engine;
using Parley.Observers;
using Parley.Protocol;
using Parley.Runtime.Peer.Machines;
using Parley.Store;
using Parley.Transport;

namespace Parley.Runtime.Peer;

/// <summary>
/// The payer side of the throughput benchmark (<c>pay</c> mode): opens payment-stream channels with the payee, then
/// streams payments on all of them at once — up to <c>--window</c> in flight per channel — and measures, per payment,
/// the time from the request to the payee's acknowledgement (sent by the payee only after its store commit).
/// Prints one <c>pay-result</c> line.
/// </summary>
internal static class PayCommand
{
    public static async Task<int> RunAsync(PeerOptions options)
    {
        var network = new NetworkContext(options.ChainId, options.Adjudicator);
        var transportOptions = new TcpTransportOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
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
            MaxUnacknowledged = Math.Max(options.Window, 1),
            MaxStepsPerCommit = Math.Clamp(options.Window / 4, 1, 256),
        };
        await using var engine = new ChannelEngine(options.Key, network, store, transport, events, engineOptions);
        await engine.StartAsync();

        var ids = new List<Bytes32>();
        for (var i = 0; i < options.Propose; i++)
        {
            var fixedPart = new FixedPart(options.ChainId, options.Adjudicator, options.Participants, options.NonceBase + (ulong)i,
                Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), 3600);
            var budget = new UInt256(0, 0, 0, (ulong)options.Payments + 1);
            var outcome = new Outcome(new AssetOutcome(Address.Zero, [budget, UInt256.Zero]));
            ids.Add((await engine.OpenChannelAsync(fixedPart, PaymentStream.Definition, outcome)).ChannelId);
        }
        foreach (var id in ids)
        {
            await engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running && s.UnacknowledgedCount == 0);
        }

        var payment = PaymentStream.Actions.Pay(UInt256.One);
        var total = options.Payments * ids.Count;
        var latencies = new double[total];
        var clock = Stopwatch.StartNew();
        var start = clock.Elapsed;
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var streams = ids.Select((id, channel) => Task.Run(async () =>
        {
            var submitted = new TimeSpan[options.Payments + 1];
            var inflight = new Queue<Task>();
            var acknowledging = Task.Run(async () =>
            {
                var acked = 1L; // turnNum 1 is the first payment; the pre-fund state is turnNum 0
                while (acked <= options.Payments)
                {
                    var state = await engine.WaitForAsync(id, s => s.AckedTurn[1] >= acked);
                    var now = clock.Elapsed;
                    for (; acked <= state.AckedTurn[1] && acked <= options.Payments; acked++)
                    {
                        latencies[channel * options.Payments + (int)acked - 1] = (now - submitted[acked]).TotalMicroseconds;
                    }
                }
            });
            for (var k = 1; k <= options.Payments; k++)
            {
                if (inflight.Count >= options.Window)
                {
                    await inflight.Dequeue();
                }
                submitted[k] = clock.Elapsed;
                inflight.Enqueue(engine.ActAsync(id, payment));
            }
            await Task.WhenAll(inflight);
            await acknowledging;
        })).ToArray();
        await Task.WhenAll(streams);
        var elapsed = clock.Elapsed - start;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
        Array.Sort(latencies);
        PeerCommand.Emit(new
        {
            e = "pay-result",
            channels = ids.Count,
            updates = total,
            seconds = elapsed.TotalSeconds,
            perSecond = total / elapsed.TotalSeconds,
            p50Us = latencies[(int)(0.50 * (total - 1))],
            p99Us = latencies[(int)(0.99 * (total - 1))],
            durability = options.Durability.ToString(),
            cpuUsPerUpdate = cpu.TotalMicroseconds / total,
        });
        return 0;
    }
}
