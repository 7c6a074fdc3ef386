using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Crypto;
using Parley.Protocol;

namespace Parley.Transport;

/// <summary>
/// The TCP transport: listens, dials known peers, runs the authenticated handshake on every connection
/// (<see cref="Handshake"/>), keeps at most one connection per peer, and redials lost peers with back-off. Frames are
/// read and written with System.IO.Pipelines (docs/wire-format.md).
/// </summary>
/// <remarks>
/// When two connections to the same peer are up (both sides dialled at once), both sides keep the one dialled by the
/// lower address (unsigned byte order) and close the other; a new connection dialled by the same side as the current
/// one replaces it (the old one is presumed dead: the peer restarted).
/// </remarks>
public sealed class TcpTransport : IPeerTransport
{
    private readonly PrivateKey _key;
    private readonly TcpTransportOptions _options;
    private readonly Bytes32 _contextId;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<Address, PeerConnection> _connections = [];
    private readonly Dictionary<Address, EndPoint> _dialTargets = [];
    private readonly HashSet<Address> _dialling = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Task> _background = [];
    private ITransportHandler? _handler;
    private Socket? _listener;

    /// <summary>Creates the transport (nothing runs until <see cref="StartAsync"/>).</summary>
    /// <param name="key">This node's participant key; the handshake proves control of it.</param>
    /// <param name="context">The chain and adjudicator; both ends of a connection must agree.</param>
    /// <param name="options">Settings.</param>
    /// <param name="logger">Logging (connections, handshakes, closes).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public TcpTransport(PrivateKey key, NetworkContext context, TcpTransportOptions options, ILogger<TcpTransport>? logger = null)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        ArgumentNullException.ThrowIfNull(context);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.MaxFrameSize < FrameFormat.MinMaxFrameSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxFrameSize, $"MaxFrameSize must be at least {FrameFormat.MinMaxFrameSize} bytes.");
        }
        if (options.HandshakeTimeout <= TimeSpan.Zero || options.ReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "HandshakeTimeout and ReconnectDelay must be positive and MaxReconnectDelay ≥ ReconnectDelay.");
        }
        _contextId = context.Id;
        _logger = logger ?? NullLogger<TcpTransport>.Instance;
        LocalAddress = key.Address;
        foreach (var (peer, endPoint) in options.Peers)
        {
            _dialTargets[peer] = endPoint;
        }
    }

    /// <inheritdoc />
    public Address LocalAddress { get; }

    /// <summary>The endpoint actually listened on (with the bound port), or null when not listening or not started.</summary>
    public IPEndPoint? ListenEndPoint => _listener?.LocalEndPoint as IPEndPoint;

    /// <inheritdoc />
    public Task StartAsync(ITransportHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            if (_handler is not null)
            {
                throw new InvalidOperationException("The transport is already started.");
            }
            _handler = handler;
            if (_options.ListenEndPoint is { } endPoint)
            {
                var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(endPoint);
                listener.Listen(128);
                _listener = listener;
                _background.Add(Task.Run(AcceptLoopAsync, CancellationToken.None));
                _logger.LogInformation("Parley transport {Address} listening on {EndPoint}", LocalAddress, listener.LocalEndPoint);
            }
            foreach (var peer in _dialTargets.Keys)
            {
                StartDialling(peer);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Adds (or changes) a peer to keep a connection to, and starts dialling it if started.</summary>
    public void AddPeer(Address peer, EndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (peer == LocalAddress)
        {
            throw new ArgumentException("A node does not dial itself.", nameof(peer));
        }
        lock (_lock)
        {
            _dialTargets[peer] = endPoint;
            if (_handler is not null)
            {
                StartDialling(peer);
            }
        }
    }

    /// <inheritdoc />
    public bool TrySend(Address peer, ChannelMessage message)
    {
        PeerConnection? connection;
        lock (_lock)
        {
            _connections.TryGetValue(peer, out connection);
        }
        return connection is not null && connection.TrySend(message);
    }

    /// <inheritdoc />
    public bool IsConnected(Address peer)
    {
        lock (_lock)
        {
            return _connections.TryGetValue(peer, out var connection) && !connection.IsClosed;
        }
    }

    /// <inheritdoc />
    public void Disconnect(Address peer, WireError error, string reason)
    {
        PeerConnection? connection;
        lock (_lock)
        {
            _connections.TryGetValue(peer, out connection);
        }
        connection?.Close(error, reason);
    }

    private void StartDialling(Address peer)
    {
        // Called under _lock.
        if (_dialling.Add(peer))
        {
            _background.Add(Task.Run(() => DialLoopAsync(peer), CancellationToken.None));
        }
    }

    private async Task AcceptLoopAsync()
    {
        var token = _shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }
                _logger.LogWarning(e, "Accept failed on {EndPoint}", ListenEndPoint);
                continue;
            }
            _ = Task.Run(() => ServeAsync(socket, HandshakeRole.Responder, null), CancellationToken.None);
        }
    }

    private async Task DialLoopAsync(Address peer)
    {
        var token = _shutdown.Token;
        var delay = _options.ReconnectDelay;
        while (!token.IsCancellationRequested)
        {
            EndPoint endPoint;
            lock (_lock)
            {
                endPoint = _dialTargets[peer];
                if (_connections.TryGetValue(peer, out var existing) && !existing.IsClosed)
                {
                    endPoint = null!;
                }
            }
            if (endPoint is not null)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    connectTimeout.CancelAfter(_options.HandshakeTimeout);
                    await socket.ConnectAsync(endPoint, connectTimeout.Token).ConfigureAwait(false);
                    var ran = await ServeAsync(socket, HandshakeRole.Initiator, peer).ConfigureAwait(false);
                    if (ran)
                    {
                        delay = _options.ReconnectDelay;
                    }
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
                {
                    socket.Dispose();
                    if (token.IsCancellationRequested)
                    {
                        return;
                    }
                    _logger.LogDebug("Dialling {Peer} at {EndPoint} failed: {Error}", peer, endPoint, e.Message);
                }
            }
            try
            {
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>Handshakes and runs one connection; true if it got past the handshake.</summary>
    private async Task<bool> ServeAsync(Socket socket, HandshakeRole role, Address? expectedPeer)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = new StreamDuplexPipe(stream);
        Address remote;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            timeout.CancelAfter(_options.HandshakeTimeout);
            try
            {
                remote = role == HandshakeRole.Initiator
                    ? await Handshake.InitiateAsync(pipe, _key, _contextId, expectedPeer, timeout.Token).ConfigureAwait(false)
                    : await Handshake.RespondAsync(pipe, _key, _contextId, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
            {
                await Handshake.TrySendGoodbyeAsync(pipe.Output, WireError.Timeout, "The handshake did not complete in time.").ConfigureAwait(false);
                throw new WireFormatException(WireError.Timeout, "The handshake did not complete in time.");
            }
        }
        catch (WireFormatException e)
        {
            _logger.LogWarning("Handshake as {Role} with {EndPoint} failed: {Error} {Reason}", role, SafeRemote(socket), e.Error, e.Message);
            return false;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _logger.LogDebug("Handshake as {Role} with {EndPoint} aborted: {Error}", role, SafeRemote(socket), e.Message);
            return false;
        }

        var connection = new PeerConnection(pipe, remote, role, new PeerConnectionOptions
        {
            MaxFrameSize = _options.MaxFrameSize,
            KeepAliveInterval = _options.KeepAliveInterval,
            IdleTimeout = _options.IdleTimeout,
        });
        if (!Register(connection))
        {
            connection.Close(WireError.None, "A connection with this peer is already up (the one dialled by the lower address is kept).");
        }
        var handler = _handler!;
        var running = connection.RunAsync((c, message, token) => handler.OnMessageAsync(c.Remote, message, token));
        using (_shutdown.Token.Register(() => connection.Close(WireError.None, "The node is shutting down.")))
        {
            await running.ConfigureAwait(false);
        }
        var closed = await connection.Completion.ConfigureAwait(false);
        bool wasCurrent;
        lock (_lock)
        {
            wasCurrent = _connections.TryGetValue(remote, out var current) && ReferenceEquals(current, connection);
            if (wasCurrent)
            {
                _connections.Remove(remote);
            }
        }
        if (wasCurrent)
        {
            _logger.LogInformation("Connection {Id} with {Peer} closed: {Error} {Reason} (by {Side})", connection.Id, remote, closed.Error, closed.Reason,
                closed.ByRemote ? "peer" : "us");
            SafeNotify(() => handler.OnPeerDisconnected(remote, closed));
        }
        return true;
    }

    private bool Register(PeerConnection connection)
    {
        PeerConnection? replaced = null;
        lock (_lock)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return false;
            }
            if (_connections.TryGetValue(connection.Remote, out var existing) && !existing.IsClosed)
            {
                var lowerIsLocal = LocalAddress < connection.Remote;
                var existingPreferred = existing.InitiatedLocally == lowerIsLocal;
                var newPreferred = connection.InitiatedLocally == lowerIsLocal;
                if (existingPreferred && !newPreferred)
                {
                    return false;
                }
                replaced = existing;
            }
            _connections[connection.Remote] = connection;
        }
        replaced?.Close(WireError.None, "Replaced by a newer connection.");
        _logger.LogInformation("Connection {Id} with {Peer} authenticated ({Role})", connection.Id, connection.Remote, connection.Role);
        SafeNotify(() => _handler!.OnPeerConnected(connection.Remote));
        return true;
    }

    private void SafeNotify(Action notify)
    {
        try
        {
            notify();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A transport handler callback threw");
        }
    }

    private static string SafeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "?";
        }
        catch (ObjectDisposedException)
        {
            return "?";
        }
    }

    /// <summary>Stops listening and dialling and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }
        _shutdown.Cancel();
        _listener?.Dispose();
        PeerConnection[] open;
        Task[] background;
        lock (_lock)
        {
            open = [.. _connections.Values];
            background = [.. _background];
        }
        foreach (var connection in open)
        {
            connection.Close(WireError.None, "The node is shutting down.");
        }
        try
        {
            await Task.WhenAll(background).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Transport background tasks did not stop within 5 s");
        }
        try
        {
            await Task.WhenAll(open.Select(c => c.Completion)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Transport connections did not close within 5 s");
        }
    }
}
