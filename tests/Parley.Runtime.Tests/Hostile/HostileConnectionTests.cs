using System.Buffers.Binary;
using Parley.Crypto;
using Parley.Examples;
using Parley.Protocol;
using Parley.Runtime.Tests.Engine;
using Parley.Runtime.Tests.Protocol;
using Parley.Transport;

namespace Parley.Runtime.Tests.Hostile;

/// <summary>
/// Hostile peers over real TCP against a node holding a running channel: one test per case, each checking whether the
/// connection is closed (and with which GOODBYE code) or answered with a REJECT, that the node keeps serving, and that
/// its stored state is unchanged.
/// </summary>
public sealed class HostileConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private TestNode _alice = null!;
    private ChannelState _held = null!;

    public async Task InitializeAsync()
    {
        // Alice holds a running channel with Bob at turnNum 1 (Bob's turn); Bob's node is gone, hostile clients connect.
        var bob = await TestNode.StartTcpAsync(TestKeys.Bob, _dir.File("bob.db"));
        _alice = await TestNode.StartTcpAsync(TestKeys.Alice, _dir.File("alice.db"));
        ((TcpTransport)_alice.Transport).AddPeer(TestKeys.Bob.Address, bob.EndPoint!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var id = (await _alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes())).ChannelId;
        await _alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);
        await _alice.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token);
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 1, timeout.Token);
        await bob.DisposeAsync();
        _held = _alice.Engine.GetChannel(id)!;
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        _dir.Dispose();
    }

    private HostileMessages Messages => new(_held, new Random(7));

    private async Task AssertUnchangedAndServingAsync()
    {
        Assert.Same(_held.Latest, _alice.Engine.GetChannel(_held.ChannelId)!.Latest);
        var stored = await _alice.Store.LoadChannelAsync(_held.ChannelId, 0);
        Assert.Equal(_held.Latest.TurnNum, stored!.Latest!.TurnNum);
        Assert.Equal(_held.Latest.Hash, stored.Latest.StateHash);
        // Still serving: a fresh authenticated connection gets its SYNC answered.
        await using var probe = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        await probe.SendAsync(new SyncMessage(_held.ChannelId, true, 1, 0));
        Assert.NotNull(await probe.ReadFrameAsync(Limit));
    }

    [Fact]
    public async Task Random_bytes_before_the_handshake_close_the_connection()
    {
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, key: null);
        var garbage = new byte[64];
        new Random(1).NextBytes(garbage);
        BinaryPrimitives.WriteUInt32BigEndian(garbage, 60);
        garbage[4] = 0x42;
        await peer.SendRawAsync(garbage);
        Assert.Equal(WireError.UnexpectedMessage, await peer.ReadUntilClosedAsync(Limit));
        await AssertUnchangedAndServingAsync();
    }

    [Fact]
    public async Task Random_bytes_after_the_handshake_close_the_connection_with_the_decoding_error()
    {
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        var frame = new byte[40];
        new Random(2).NextBytes(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame, 36);
        frame[4] = 0x7e; // no such message type
        await peer.SendRawAsync(frame);
        Assert.Equal(WireError.UnknownMessageType, await peer.ReadUntilClosedAsync(Limit));
        await AssertUnchangedAndServingAsync();
    }

    [Fact]
    public async Task An_oversized_frame_closes_the_connection_before_its_body_is_read()
    {
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, FrameFormat.DefaultMaxFrameSize + 1);
        prefix[4] = (byte)MessageType.Update;
        await peer.SendRawAsync(prefix);
        Assert.Equal(WireError.FrameTooLarge, await peer.ReadUntilClosedAsync(Limit));
        await AssertUnchangedAndServingAsync();
    }

    [Fact]
    public async Task A_truncated_frame_closes_the_connection_and_applies_nothing()
    {
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        var frame = HostileInputFuzzTests.Frame(Messages.Honest());
        // Fix the prefix to the cut: the payload itself ends early.
        var cut = frame[..(frame.Length / 2)];
        BinaryPrimitives.WriteUInt32BigEndian(cut, (uint)(cut.Length - 4));
        await peer.SendRawAsync(cut);
        Assert.Equal(WireError.Truncated, await peer.ReadUntilClosedAsync(Limit));
        await AssertUnchangedAndServingAsync();
    }

    [Fact]
    public async Task A_frame_cut_off_by_the_end_of_the_stream_applies_nothing()
    {
        var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        var frame = HostileInputFuzzTests.Frame(Messages.Honest());
        await peer.SendRawAsync(frame[..(frame.Length - 10)]);
        await peer.DisposeAsync();
        await Task.Delay(100);
        await AssertUnchangedAndServingAsync();
    }

    [Fact]
    public async Task A_valid_frame_for_another_channel_is_refused_with_a_sync_and_the_connection_stays_open()
    {
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        var (message, expected) = Messages.Make(0);
        Assert.Equal(RejectionReason.UnknownChannel, expected);
        await peer.SendAsync(message);
        var frames = new List<(MessageType, byte[])>();
        while (frames.Count < 2 && await peer.ReadFrameAsync(Limit) is { } frame)
        {
            if (frame.Type is MessageType.Reject or MessageType.Sync
                && ChannelMessageCodec.Decode((byte)frame.Type, frame.Payload).ChannelId == message.ChannelId)
            {
                frames.Add(frame);
            }
        }
        var reject = (RejectMessage)ChannelMessageCodec.Decode((byte)MessageType.Reject, frames.Single(f => f.Item1 == MessageType.Reject).Item2);
        Assert.Equal(RejectionReason.UnknownChannel, reject.Reason);
        var sync = (SyncMessage)ChannelMessageCodec.Decode((byte)MessageType.Sync, frames.Single(f => f.Item1 == MessageType.Sync).Item2);
        Assert.False(sync.Known);
        // Still open: a SYNC about the real channel is answered.
        await peer.SendAsync(new SyncMessage(_held.ChannelId, true, 1, 0));
        Assert.NotNull(await peer.ReadFrameAsync(Limit));
        await AssertUnchangedAndServingAsync();
    }

    [Fact]
    public async Task An_authenticated_non_participant_writing_about_the_channel_is_disconnected()
    {
        var mallory = PrivateKey.Generate();
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, mallory);
        await peer.SendAsync(Messages.Honest());
        Assert.Equal(WireError.NotAParticipant, await peer.ReadUntilClosedAsync(Limit));
        await AssertUnchangedAndServingAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task A_rule_breaking_update_from_the_counterparty_is_answered_with_its_reason_and_the_connection_stays_open(int kind)
    {
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        var (message, expected) = Messages.Make(kind);
        await peer.SendAsync(message);
        RejectMessage? reject = null;
        while (reject is null && await peer.ReadFrameAsync(Limit) is { } frame)
        {
            if (frame.Type == MessageType.Reject)
            {
                reject = (RejectMessage)ChannelMessageCodec.Decode((byte)frame.Type, frame.Payload);
            }
        }
        Assert.NotNull(reject);
        Assert.Equal(expected, reject.Reason);
        Assert.Equal(message.ChannelId, reject.ChannelId);
        Assert.Equal([_held.ChannelId], await _alice.Store.ListChannelsAsync());
        await peer.SendAsync(new SyncMessage(_held.ChannelId, true, 1, 0));
        Assert.NotNull(await peer.ReadFrameAsync(Limit));
        await AssertUnchangedAndServingAsync();
    }

    [Fact]
    public async Task A_replayed_update_is_ignored_without_a_reply()
    {
        await using var peer = await RawPeer.ConnectAsync(_alice.EndPoint!, TestKeys.Bob);
        var (message, expected) = Messages.Make(7);
        Assert.Equal(RejectionReason.Replay, expected);
        await peer.SendAsync(message);
        await peer.SendAsync(new AckMessage(_held.ChannelId, 1));
        // Nothing comes back for either (the SYNC Alice sends on connect is the only frame).
        var frames = new List<MessageType>();
        while (await peer.ReadFrameAsync(TimeSpan.FromMilliseconds(300)) is { } frame)
        {
            frames.Add(frame.Type);
        }
        Assert.DoesNotContain(MessageType.Reject, frames);
        await AssertUnchangedAndServingAsync();
    }
}
