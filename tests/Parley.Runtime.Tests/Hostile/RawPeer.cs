using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Runtime.Tests.Protocol;
using Parley.Transport;

namespace Parley.Runtime.Tests.Hostile;

/// <summary>A hand-driven TCP client: does the real handshake with any key, then writes arbitrary bytes and reads frames.</summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _input = PipeReader.Create(_stream);
        Output = PipeWriter.Create(_stream);
    }

    public PipeWriter Output { get; }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endPoint, PrivateKey? key)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        client.NoDelay = true;
        var peer = new RawPeer(client);
        if (key is not null)
        {
            var pipe = new Duplex(peer._input, peer.Output);
            await Handshake.InitiateAsync(pipe, key, TestKeys.Network.Id, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        return peer;
    }

    public async Task SendAsync(ChannelMessage message)
    {
        ChannelMessageCodec.WriteFrame(Output, message);
        await Output.FlushAsync();
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await Output.WriteAsync(bytes);
    }

    /// <summary>The next frame, or null when the connection ended first (or nothing came within the timeout).</summary>
    public async Task<(MessageType Type, byte[] Payload)?> ReadFrameAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(cts.Token);
                var buffer = result.Buffer;
                if (FrameFormat.TryReadFrame(ref buffer, FrameFormat.DefaultMaxFrameSize, out var type, out var payload))
                {
                    var bytes = payload.ToArray();
                    _input.AdvanceTo(buffer.Start);
                    if ((MessageType)type is MessageType.Ping)
                    {
                        continue;
                    }
                    return ((MessageType)type, bytes);
                }
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return null;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>Reads frames until a GOODBYE or the end; returns the GOODBYE's code (null if none came).</summary>
    public async Task<WireError?> ReadUntilClosedAsync(TimeSpan timeout)
    {
        while (await ReadFrameAsync(timeout) is { } frame)
        {
            if (frame.Type == MessageType.Goodbye)
            {
                return GoodbyeMessage.Decode(frame.Payload).Error;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        await Output.CompleteAsync();
        _client.Dispose();
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
