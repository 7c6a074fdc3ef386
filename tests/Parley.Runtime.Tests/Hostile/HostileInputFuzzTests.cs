using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Parley.Engine;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Runtime.Tests.Engine;
using Parley.Runtime.Tests.Protocol;
using Parley.Store;
using Parley.Transport;
using Xunit.Abstractions;

namespace Parley.Runtime.Tests.Hostile;

/// <summary>
/// The hostile-input fuzzer: a seeded stream of inputs (default 100,000; <c>PARLEY_FUZZ_INPUTS</c>, seed
/// <c>PARLEY_FUZZ_SEED</c>) thrown at a node holding a running channel — raw bytes, truncated, mutated and oversized
/// frames, and well-formed messages that break one rule each. Every input must get its specific outcome (the
/// connection-closing <see cref="WireError"/> for frames, the <see cref="RejectionReason"/> for messages), the node's
/// stored state must not change, and nothing may throw anything else.
/// </summary>
public sealed class HostileInputFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [Fact]
    public async Task A_hundred_thousand_seeded_hostile_inputs_each_get_their_specific_rejection_and_change_nothing()
    {
        var inputs = Setting("PARLEY_FUZZ_INPUTS", 100_000);
        var seed = Setting("PARLEY_FUZZ_SEED", Environment.TickCount);
        output.WriteLine($"fuzzer: {inputs} inputs, seed {seed} (PARLEY_FUZZ_SEED to reproduce)");
        var random = new Random(seed);

        // A running tic-tac-toe channel between Alice and Bob; Alice moved, it is Bob's turn. Then Bob's node goes away
        // and the fuzzer speaks for Bob (its messages arrive at Alice's engine exactly as the transport delivers them).
        var network = new InMemoryNetwork();
        var options = TestNode.FastOptions();
        options.MaxRejectionsPerConnection = int.MaxValue;
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("alice.db"), network, options);
        var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("bob.db"), network);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var id = (await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes())).ChannelId;
        await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);
        await alice.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token);
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 1, timeout.Token);
        await bob.DisposeAsync();
        var held = alice.Engine.GetChannel(id)!;
        var before = await Snapshot(alice.Store, id);

        var rejected = new Dictionary<RejectionReason, int>();
        alice.Events.UpdateRejected += (_, e) =>
        {
            lock (rejected)
            {
                rejected[e.Reason] = rejected.GetValueOrDefault(e.Reason) + 1;
            }
        };

        var messages = new HostileMessages(held, random);
        var context = new ProtocolContext(TestKeys.Alice, TestKeys.Network, options.Protocol);
        var expectedByReason = new Dictionary<RejectionReason, int>();
        var honestProposals = 0;
        var closedByError = new Dictionary<WireError, int>();
        // Honest updates, the channel's own proposal (its funding deadline included) and valid proposals of new channels:
        // truncated and mutated, they reach every field of both message kinds.
        var preFund = (await alice.Store.ReadLogAsync(id, 0, 0)).Single();
        var alicesPreFundSignature = (await alice.Store.ReadSignaturesAsync(id, 0, 0)).Single(s => s.Participant == 0).Signature;
        var ownProposal = new ProposeMessage(held.FixedPart, held.App.Id, preFund.AppData!, Channels.Outcome.Decode(preFund.Outcome!),
            alicesPreFundSignature.ToBytes(), held.FundingDeadline);
        Assert.NotEqual(0UL, held.FundingDeadline);
        var nowSeconds = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var honestFrames = Enumerable.Range(0, 8).Select(_ => Frame(messages.Honest()))
            .Append(Frame(ownProposal))
            .Append(Frame(messages.Proposal(nowSeconds + 3600)))
            .Append(Frame(messages.Proposal(nowSeconds + 86_400)))
            .ToArray();
        for (var i = 0; i < inputs; i++)
        {
            ChannelMessage? message = null;
            RejectionReason? expected = null;
            var kind = random.Next(100);
            if (kind < 45)
            {
                // Bytes off the wire: random, truncated, mutated or oversized frames.
                var bytes = kind switch
                {
                    < 12 => RandomBytes(random, random.Next(0, 600)),
                    < 24 => Truncate(random, honestFrames[random.Next(honestFrames.Length)]),
                    < 40 => Mutate(random, honestFrames[random.Next(honestFrames.Length)]),
                    _ => Oversized(random),
                };
                if (Decode(bytes, out message) is { } error)
                {
                    closedByError[error] = closedByError.GetValueOrDefault(error) + 1;
                    continue;
                }
                if (message is null)
                {
                    closedByError[WireError.ConnectionLost] = closedByError.GetValueOrDefault(WireError.ConnectionLost) + 1;
                    continue; // an incomplete frame: nothing happens until more bytes come
                }
            }
            else
            {
                (message, var reason) = messages.Make(random.Next(HostileMessages.CaseCount));
                expected = reason;
            }

            // The pure core must refuse it with the expected reason (any reason for a mutated frame) and change nothing.
            if (message is ProposeMessage { FixedPart: var proposed } && message.ChannelId != id && proposed.IndexOf(TestKeys.Bob.Address) < 0)
            {
                // A proposal naming channel participants without its sender: the connection is closed (the transport's
                // NotAParticipant), nothing reaches a channel.
                var closed = await Assert.ThrowsAsync<WireFormatException>(() => alice.Engine.OnMessageAsync(TestKeys.Bob.Address, message, timeout.Token).AsTask());
                Assert.Equal(WireError.NotAParticipant, closed.Error);
                closedByError[WireError.NotAParticipant] = closedByError.GetValueOrDefault(WireError.NotAParticipant) + 1;
                continue;
            }

            // A proposal of a channel Alice does not know is judged as the engine judges it: by the engine's (system) clock.
            var step = message.ChannelId == id
                ? ChannelProtocol.Receive(context, held, TestKeys.Bob.Address, message, TestKeys.T0)
                : message is ProposeMessage proposal
                    ? ChannelProtocol.ReceiveProposal(context, TestKeys.Bob.Address, proposal,
                        string.Equals(proposal.App, TicTacToe.Definition.Id, StringComparison.Ordinal) ? TicTacToe.Definition : null, accept: true, DateTimeOffset.UtcNow)
                    : ChannelProtocol.ReceiveForUnknownChannel(TestKeys.Bob.Address, message, TestKeys.T0);
            if (step.Accepted && message is ProposeMessage && message.ChannelId != id)
            {
                // A mutation that left a valid proposal of a new channel (e.g. a flipped bit in a still-future deadline):
                // not hostile. The engine would join it; the fuzzer does not send it.
                honestProposals++;
                continue;
            }
            Assert.False(step.Accepted, $"input {i} was accepted: {message}");
            Assert.Null(step.Persist);
            if (expected is { } exact)
            {
                Assert.True(step.Rejection!.Reason == exact, $"input {i}: expected {exact}, got {step.Rejection}");
            }
            if (step.Rejection!.Reason != RejectionReason.Replay)
            {
                expectedByReason[step.Rejection.Reason] = expectedByReason.GetValueOrDefault(step.Rejection.Reason) + 1;
            }

            // And the engine gets it too, as from Bob's connection.
            await alice.Engine.OnMessageAsync(TestKeys.Bob.Address, message, timeout.Token);
        }

        // An honest move after all that is still accepted: the engine has processed everything before it, in order.
        var honest = messages.Honest();
        var after = await Snapshot(alice.Store, id);
        Assert.Equal(before, after);
        Assert.Equal([id], await alice.Store.ListChannelsAsync()); // no refused proposal left a channel behind
        Assert.Same(held.Latest, alice.Engine.GetChannel(id)!.Latest);
        await alice.Engine.OnMessageAsync(TestKeys.Bob.Address, honest, timeout.Token);
        await alice.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 2, timeout.Token);
        Assert.True((await alice.Engine.RederiveAsync(id)).IsClean);

        // Every refusal reached the observers with its reason.
        await Task.Delay(200);
        lock (rejected)
        {
            foreach (var (reason, count) in expectedByReason)
            {
                Assert.True(rejected.GetValueOrDefault(reason) == count, $"{reason}: expected {count} events, saw {rejected.GetValueOrDefault(reason)}");
            }
        }
        output.WriteLine("closed: " + string.Join(", ", closedByError.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
        output.WriteLine($"valid proposals left by mutation (not sent): {honestProposals}");
        output.WriteLine("refused: " + string.Join(", ", expectedByReason.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(expectedByReason.Keys.Count >= HostileMessages.CaseCount - 1, "every case was exercised");
        Assert.Contains(WireError.FrameTooLarge, closedByError.Keys);
    }

    /// <summary>What a connection does with <paramref name="bytes"/>: the closing error, or the decoded message (null: needs more bytes).</summary>
    internal static WireError? Decode(byte[] bytes, out ChannelMessage? message)
    {
        message = null;
        var sequence = new ReadOnlySequence<byte>(bytes);
        try
        {
            if (!FrameFormat.TryReadFrame(ref sequence, 64 * 1024, out var type, out var payload))
            {
                return null;
            }
            if ((MessageType)type is MessageType.Hello or MessageType.HelloReply or MessageType.Auth)
            {
                return WireError.UnexpectedMessage;
            }
            if ((MessageType)type is MessageType.Ping or MessageType.Pong or MessageType.Goodbye)
            {
                return WireError.None; // keep-alive or close: no channel effect
            }
            message = ChannelMessageCodec.Decode(type, payload);
            return null;
        }
        catch (WireFormatException e)
        {
            return e.Error;
        }
    }

    internal static byte[] Frame(ChannelMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ChannelMessageCodec.WriteFrame(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (length >= 5 && random.Next(2) == 0)
        {
            // A plausible prefix so that the payload parser, not only the framer, sees garbage.
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(length - 4));
            bytes[4] = (byte)random.Next(0x10, 0x17);
        }
        return bytes;
    }

    private static byte[] Truncate(Random random, byte[] frame)
    {
        var cut = random.Next(5, frame.Length);
        var truncated = frame[..cut];
        // Half the time the length prefix is fixed up to the cut, so the payload itself is short.
        if (random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(truncated, (uint)(cut - 4));
        }
        return truncated;
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var mutated = (byte[])frame.Clone();
        var flips = random.Next(1, 5);
        for (var f = 0; f < flips || mutated.AsSpan().SequenceEqual(frame); f++)
        {
            var at = random.Next(5, mutated.Length);
            mutated[at] ^= (byte)(1 << random.Next(8));
        }
        return mutated;
    }

    private static byte[] Oversized(Random random)
    {
        var bytes = new byte[4 + random.Next(0, 64)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)random.Next(64 * 1024 + 1, int.MaxValue));
        return bytes;
    }

    private static async Task<string> Snapshot(IChannelStore store, Bytes32 id)
    {
        var channel = await store.LoadChannelAsync(id, 1000);
        var log = await store.ReadLogAsync(id, 0, ulong.MaxValue);
        var signatures = await store.ReadSignaturesAsync(id, 0, ulong.MaxValue);
        return $"{channel!.Latest!.TurnNum} {channel.Latest.StateHash} {channel.HighestSignedTurn} {log.Count} {signatures.Count} {string.Join(",", log.Select(e => e.StateHash))}";
    }
}
