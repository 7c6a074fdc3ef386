using System.Net;

namespace Parley.Transport;

/// <summary>Settings of <see cref="TcpTransport"/>.</summary>
public sealed class TcpTransportOptions
{
    /// <summary>
    /// Where to accept connections; null to accept none (dial only). Default 127.0.0.1 on a free port (port 0);
    /// <see cref="TcpTransport.ListenEndPoint"/> tells the port actually bound.
    /// </summary>
    public IPEndPoint? ListenEndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// Peers to keep a connection to: participant address → TCP endpoint. The transport dials each one and redials
    /// after every loss, with exponential back-off from <see cref="ReconnectDelay"/> to <see cref="MaxReconnectDelay"/>.
    /// More can be added at run time with <see cref="TcpTransport.AddPeer"/>.
    /// </summary>
    public Dictionary<Address, EndPoint> Peers { get; } = [];

    /// <summary>The largest frame body accepted after the handshake, in bytes (≥ 1 KiB). Default 1 MiB.</summary>
    public int MaxFrameSize { get; set; } = FrameFormat.DefaultMaxFrameSize;

    /// <summary>The time a connection has to complete the handshake. Default 5 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay before redialling a lost peer. Default 50 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest delay between redial attempts. Default 2 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A PING is sent after this long without sending. Default 5 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A connection silent for this long is closed. Default 20 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
