using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Threading.Channels;
using Parley.Protocol;

namespace Parley.Transport;

/// <summary>Why and how a <see cref="PeerConnection"/> ended.</summary>
/// <param name="Error">The reason code (<see cref="WireError.None"/> for an orderly close).</param>
/// <param name="Reason">A human-readable explanation.</param>
/// <param name="ByRemote">True if the peer closed (or sent GOODBYE); false if this side closed it.</param>
public sealed record ConnectionClosed(WireError Error, string Reason, bool ByRemote);

/// <summary>Settings of an authenticated connection.</summary>
public sealed class PeerConnectionOptions
{
    /// <summary>The largest frame body accepted, in bytes (≥ 1 KiB). Default 1 MiB.</summary>
    public int MaxFrameSize { get; set; } = FrameFormat.DefaultMaxFrameSize;

    /// <summary>A PING is sent after this long without sending anything. Default 5 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The connection is closed (<see cref="WireError.Timeout"/>) after this long without receiving anything. Default 20 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// An authenticated connection to one peer (the handshake is done): it reads frames, answers keep-alives, decodes
/// channel messages and hands them to a handler one at a time (awaiting it, so a slow handler slows the peer down
/// through TCP flow control), and writes queued messages, batching everything queued into one flush.
/// </summary>
/// <remarks>
/// Any wire-format violation closes the connection after a GOODBYE naming the error (docs/wire-format.md,
/// "Errors"); so does an exception thrown by the handler (a <see cref="WireFormatException"/> keeps its code).
/// <see cref="TrySend"/> never blocks: the outbound queue is unbounded, and the protocol bounds what it queues
/// (the engine's unacknowledged-update window).
/// </remarks>
public sealed class PeerConnection
{
    private static long _nextId;

    private readonly IDuplexPipe _pipe;
    private readonly PeerConnectionOptions _options;
    private readonly Channel<Outgoing> _outbound = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ConnectionClosed> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionClosed? _closed;
    private long _lastReceived = Stopwatch.GetTimestamp();
    private long _lastSent = Stopwatch.GetTimestamp();

    /// <summary>Wraps an authenticated pipe.</summary>
    /// <param name="pipe">The connection, after <see cref="Handshake"/> completed on it.</param>
    /// <param name="remote">The authenticated peer address.</param>
    /// <param name="role">This side's role in the handshake.</param>
    /// <param name="options">Settings.</param>
    public PeerConnection(IDuplexPipe pipe, Address remote, HandshakeRole role, PeerConnectionOptions options)
    {
        _pipe = pipe ?? throw new ArgumentNullException(nameof(pipe));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.MaxFrameSize < FrameFormat.MinMaxFrameSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxFrameSize, $"MaxFrameSize must be at least {FrameFormat.MinMaxFrameSize}.");
        }
        Remote = remote;
        Role = role;
        Id = Interlocked.Increment(ref _nextId);
    }

    /// <summary>The authenticated peer.</summary>
    public Address Remote { get; }

    /// <summary>This side's role in the handshake (<see cref="HandshakeRole.Initiator"/> if it dialled).</summary>
    public HandshakeRole Role { get; }

    /// <summary>The address of the end that dialled.</summary>
    public bool InitiatedLocally => Role == HandshakeRole.Initiator;

    /// <summary>A process-unique connection number, for logs.</summary>
    public long Id { get; }

    /// <summary>Completes when the connection has ended, with why.</summary>
    public Task<ConnectionClosed> Completion => _completion.Task;

    /// <summary>Whether the connection is closing or closed.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) is not null;

    /// <summary>Queues a message for sending; false if the connection is closed (the message is dropped).</summary>
    public bool TrySend(ChannelMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return !IsClosed && _outbound.Writer.TryWrite(new Outgoing(message, 0, null));
    }

    /// <summary>Closes the connection: queued messages are flushed, then a GOODBYE with the reason, then the stream ends.</summary>
    /// <param name="error">The reason code.</param>
    /// <param name="reason">The explanation sent to the peer.</param>
    public void Close(WireError error, string reason) => CloseCore(new ConnectionClosed(error, reason, ByRemote: false), sendGoodbye: true);

    private void CloseCore(ConnectionClosed closed, bool sendGoodbye)
    {
        if (Interlocked.CompareExchange(ref _closed, closed, null) is not null)
        {
            return;
        }
        if (sendGoodbye)
        {
            _outbound.Writer.TryWrite(new Outgoing(null, MessageType.Goodbye, GoodbyeMessage.Encode(closed.Error, closed.Reason)));
        }
        _outbound.Writer.TryComplete();
        _stop.Cancel();
    }

    /// <summary>
    /// Runs the connection until it closes: the read loop, the write loop and the keep-alive timer. Never throws for
    /// network or peer errors; they end the connection and are reported through <see cref="Completion"/>.
    /// </summary>
    /// <param name="onMessage">Receives each decoded channel message, in order; awaited before the next is read.</param>
    public async Task RunAsync(Func<PeerConnection, ChannelMessage, CancellationToken, ValueTask> onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        var tick = _options.KeepAliveInterval < _options.IdleTimeout / 2 ? _options.KeepAliveInterval : _options.IdleTimeout / 2;
        using var timer = new Timer(_ => KeepAlive(), null, tick, tick);
        var writing = WriteLoopAsync();
        await ReadLoopAsync(onMessage).ConfigureAwait(false);
        CloseCore(new ConnectionClosed(WireError.None, "closed", ByRemote: false), sendGoodbye: true);
        await writing.ConfigureAwait(false);
        await _pipe.Input.CompleteAsync().ConfigureAwait(false);
        _completion.TrySetResult(_closed!);
    }

    private void KeepAlive()
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastReceived), now) > _options.IdleTimeout)
        {
            Close(WireError.Timeout, $"Nothing received for {_options.IdleTimeout.TotalSeconds:0.#} s.");
        }
        else if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastSent), now) >= _options.KeepAliveInterval)
        {
            var payload = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(payload, now);
            _outbound.Writer.TryWrite(new Outgoing(null, MessageType.Ping, payload));
        }
    }

    private async Task ReadLoopAsync(Func<PeerConnection, ChannelMessage, CancellationToken, ValueTask> onMessage)
    {
        var input = _pipe.Input;
        var token = _stop.Token;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (FrameFormat.TryReadFrame(ref buffer, _options.MaxFrameSize, out var type, out var payload))
                    {
                        Volatile.Write(ref _lastReceived, Stopwatch.GetTimestamp());
                        switch ((MessageType)type)
                        {
                            case MessageType.Ping:
                                _outbound.Writer.TryWrite(new Outgoing(null, MessageType.Pong, payload.ToArray()));
                                break;
                            case MessageType.Pong:
                                break;
                            case MessageType.Goodbye:
                            {
                                var text = GoodbyeMessage.Describe(payload.ToArray());
                                CloseCore(new ConnectionClosed(WireError.None, "The peer said goodbye: " + text, ByRemote: true), sendGoodbye: false);
                                return;
                            }
                            case MessageType.Hello or MessageType.HelloReply or MessageType.Auth:
                                throw new WireFormatException(WireError.UnexpectedMessage,
                                    $"Handshake message {(MessageType)type} after the handshake completed.");
                            default:
                                var message = ChannelMessageCodec.Decode(type, payload);
                                await onMessage(this, message, token).ConfigureAwait(false);
                                break;
                        }
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    var lost = buffer.Length > 0;
                    CloseCore(new ConnectionClosed(lost ? WireError.ConnectionLost : WireError.None,
                        lost ? $"The stream ended inside a frame ({buffer.Length} bytes pending)." : "The peer closed the connection.", ByRemote: true),
                        sendGoodbye: false);
                    return;
                }
            }
        }
        catch (WireFormatException e)
        {
            Close(e.Error, e.Message);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closed by this side.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            CloseCore(new ConnectionClosed(WireError.ConnectionLost, e.Message, ByRemote: true), sendGoodbye: false);
        }
        catch (Exception e)
        {
            // A handler failure must not take the process down: the connection ends and says why.
            Close(WireError.None, "Internal error handling a message: " + e.GetType().Name + ": " + e.Message);
        }
    }

    private async Task WriteLoopAsync()
    {
        var output = _pipe.Output;
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Message is { } message)
                    {
                        ChannelMessageCodec.WriteFrame(output, message);
                    }
                    else
                    {
                        FrameFormat.WriteFrame(output, item.ControlType, item.ControlPayload);
                    }
                }
                Volatile.Write(ref _lastSent, Stopwatch.GetTimestamp());
                using var timeout = IsClosed ? new CancellationTokenSource(TimeSpan.FromSeconds(2)) : null;
                var flush = await output.FlushAsync(timeout?.Token ?? default).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            CloseCore(new ConnectionClosed(WireError.ConnectionLost, e.Message, ByRemote: true), sendGoodbye: false);
        }
        finally
        {
            _stop.Cancel();
            try
            {
                await output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Already broken.
            }
        }
    }

    private readonly record struct Outgoing(ChannelMessage? Message, MessageType ControlType, byte[]? ControlPayload);
}
