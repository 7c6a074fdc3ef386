using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Chain;
using Parley.Crypto;
using Parley.Deployment;
using Parley.Engine;
using Parley.Store;
using Parley.Transport;
using Parley.Watcher;

namespace Parley.Nodes;

/// <summary>
/// What a <see cref="ParleyNode"/> runs with: the participant's key, the chain (an RPC URL or an existing
/// <see cref="JsonRpcClient"/>, the chain id, the adjudicator and the block to follow it from), the data directory (the
/// SQLite store and the watcher's log cursor), the transport (listen endpoint, known peers), what runs automatically
/// (the watcher, deposits) and the tunables of the pieces it wires. Checked by <see cref="Validate"/>, which
/// <see cref="ParleyNode.StartAsync"/> calls before it creates anything.
/// </summary>
/// <remarks>
/// For a chain started by <see cref="DevChain"/> (the embedded anvil, or any EVM chain with Parley's adjudicator),
/// <see cref="ForChain"/> fills in the chain's part. The options are read once by <see cref="ParleyNode.StartAsync"/>;
/// changing them afterwards has no effect on a running node.
/// </remarks>
public sealed class ParleyNodeOptions
{
    /// <summary>The default store file name inside <see cref="DataDirectory"/>.</summary>
    public const string DefaultStoreFileName = "channels.db";

    /// <summary>The default name of the folder inside <see cref="DataDirectory"/> that holds the watcher's log cursor.</summary>
    public const string DefaultCursorDirectoryName = "cursors";

    /// <summary>
    /// The participant's key: it signs this node's states, authenticates its transport connections, and pays its
    /// transactions (deposits, conclusions, challenges, the watcher's answers). Required.
    /// </summary>
    public PrivateKey? Key { get; set; }

    /// <summary>The chain's JSON-RPC URL (http or https). Give exactly one of <see cref="RpcUrl"/> and <see cref="Rpc"/>.</summary>
    public Uri? RpcUrl { get; set; }

    /// <summary>
    /// An existing JSON-RPC client to share (for example <see cref="DevChain.Rpc"/>): the node uses it and does not dispose
    /// it — keep it alive until the node is disposed. Give exactly one of <see cref="RpcUrl"/> and <see cref="Rpc"/>.
    /// </summary>
    public JsonRpcClient? Rpc { get; set; }

    /// <summary>
    /// The EIP-155 chain id the node expects; null (default) to take the chain's <c>eth_chainId</c>. When given and the
    /// chain reports another, <see cref="ParleyNode.StartAsync"/> fails with <see cref="ChainMismatchException"/>.
    /// </summary>
    public ulong? ChainId { get; set; }

    /// <summary>
    /// The adjudicator contract's address (every channel of this node names it in its fixed part). Required; the chain
    /// must hold code at it (checked with <c>eth_getCode</c> at start).
    /// </summary>
    public Address Adjudicator { get; set; }

    /// <summary>
    /// The first block to read the adjudicator's events from (its deployment block, <see cref="DevChain.AdjudicatorBlock"/>):
    /// used by the watcher when it has no saved cursor and by on-chain reads of a channel's history. Default 0.
    /// </summary>
    public ulong FromBlock { get; set; }

    /// <summary>
    /// The node's folder (created if missing): the store is <see cref="StoreFileName"/> in it and the watcher's log cursor
    /// lives in <see cref="CursorDirectoryName"/> in it. Starting a node again on the same folder (and key) resumes every
    /// channel it holds. Required.
    /// </summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The SQLite store's file name inside <see cref="DataDirectory"/> (a plain name, no folder). Default <c>channels.db</c>.</summary>
    public string StoreFileName { get; set; } = DefaultStoreFileName;

    /// <summary>The watcher's cursor folder name inside <see cref="DataDirectory"/> (a plain name, no folder). Default <c>cursors</c>.</summary>
    public string CursorDirectoryName { get; set; } = DefaultCursorDirectoryName;

    /// <summary>
    /// The store's durability: <see cref="StoreDurability.Full"/> (default) fsyncs every group commit (WAL,
    /// synchronous=FULL) so an acknowledged state survives a power loss; <see cref="StoreDurability.Normal"/> survives a
    /// process crash only.
    /// </summary>
    public StoreDurability Durability { get; set; } = StoreDurability.Full;

    /// <summary>
    /// The transport's settings (frame size, handshake time-out, redial back-off, keep-alive). The listen endpoint and the
    /// known peers are part of it (<see cref="ListenEndPoint"/> and <see cref="Peers"/> are shortcuts to them).
    /// </summary>
    public TcpTransportOptions Transport { get; set; } = new();

    /// <summary>
    /// Where the node accepts peer connections; null to accept none (dial only). Default 127.0.0.1 on a free port (port 0;
    /// <see cref="ParleyNode.PeerEndPoint"/> tells the port bound). Same as <c>Transport.ListenEndPoint</c>.
    /// </summary>
    public IPEndPoint? ListenEndPoint
    {
        get => Transport.ListenEndPoint;
        set => Transport.ListenEndPoint = value;
    }

    /// <summary>
    /// Known peers: participant address → TCP endpoint. The node dials each one and redials after every loss; more can be
    /// added at run time with <see cref="ParleyNode.AddPeer"/>. Same as <c>Transport.Peers</c>.
    /// </summary>
    public Dictionary<Address, EndPoint> Peers => Transport.Peers;

    /// <summary>
    /// Whether the node runs a <see cref="ChannelWatcher"/>: it answers stale challenges on chain automatically, turns the
    /// engine's escalations (an unresponsive counterparty) into challenges, and withdraws this participant's share of a
    /// finalized channel. Default true. Without it the node never acts on chain by itself, except deposits
    /// (<see cref="AutoDeposit"/>).
    /// </summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// Whether the node deposits its share of every asset automatically when a channel it is in reaches
    /// <see cref="Protocol.ChannelPhase.Running"/> at turn 0 (the pre-fund state signed by all), in participant order and
    /// naming the channel's agreed funding deadline. Default true. When false, call <see cref="ParleyNode.FundAsync"/>.
    /// </summary>
    public bool AutoDeposit { get; set; } = true;

    /// <summary>
    /// How often the node polls the chain: for the holdings while waiting for the earlier participants' deposits or for
    /// full funding, and the watcher's poll for new blocks and adjudicator events (keep it below the block time so a stale
    /// challenge is answered in the next block). Default 1 s.
    /// </summary>
    public TimeSpan ChainPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the engine checks deadlines for escalations. Default 250 ms. Same as <c>Engine.TickInterval</c>.</summary>
    public TimeSpan TickInterval
    {
        get => Engine.TickInterval;
        set => Engine.TickInterval = value;
    }

    /// <summary>
    /// How long one node step may wait for peers or the chain before it fails with <see cref="TimeoutException"/>: the
    /// earlier participants' deposits and full funding (<see cref="ParleyNode.FundAsync"/>), the countersignature of a
    /// conclusion (<see cref="ParleyNode.CloseAsync"/>). Default 2 minutes.
    /// </summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How transactions are sent (gas margin, receipt polling and time-out, fees); null for the defaults.</summary>
    public TransactionSenderOptions? Transactions { get; set; }

    /// <summary>
    /// Wraps the TCP transport before the engine gets it: the engine sends and receives through what this returns (which
    /// must authenticate as the same address). For instrumentation, fault injection, or a test that withholds messages.
    /// Null (default) uses the TCP transport as it is.
    /// </summary>
    public Func<IPeerTransport, IPeerTransport>? TransportDecorator { get; set; }

    /// <summary>The engine's settings (protocol tunables, inbox sizes, back-pressure window, proposal filter).</summary>
    public ChannelEngineOptions Engine { get; set; } = new();

    /// <summary>
    /// The watcher's settings (cursor name, reorganisation window, automatic withdrawal, progress or checkpoint, and a
    /// <see cref="WatcherOptions.ChallengeResponder"/> whose moves the node's engine signs on a registered state). Its
    /// <see cref="WatcherOptions.StartBlock"/> and <see cref="WatcherOptions.PollInterval"/> are replaced by
    /// <see cref="FromBlock"/> and <see cref="ChainPollInterval"/>.
    /// </summary>
    public WatcherOptions Watcher { get; set; } = new();

    /// <summary>More handlers called on the engine's escalations, after the watcher (when <see cref="Watch"/> is on).</summary>
    public IList<IEscalationHandler> EscalationHandlers { get; } = [];

    /// <summary>Logging for the engine, transport, watcher and events; null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Options for a participant on a chain started by <see cref="DevChain"/>: its RPC URL, chain id, adjudicator and
    /// deployment block, and its transaction options (fast receipt polling on the embedded anvil), with a chain poll of
    /// 100 ms (the embedded anvil mines on demand). The node gets its own RPC client, so it does not depend on
    /// <paramref name="chain"/> staying undisposed; the chain itself must keep running. The key's account must hold
    /// ETH for gas and stakes (<see cref="DevChain.FundAsync"/>).
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="key">The participant's key.</param>
    /// <param name="dataDirectory">The node's folder.</param>
    /// <returns>New options; adjust them before starting the node.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ParleyNodeOptions ForChain(DevChain chain, PrivateKey key, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        return new ParleyNodeOptions
        {
            Key = key,
            RpcUrl = chain.RpcUrl,
            ChainId = chain.ChainId,
            Adjudicator = chain.Adjudicator.Address,
            FromBlock = chain.AdjudicatorBlock,
            DataDirectory = dataDirectory,
            Transactions = chain.TransactionOptions,
            ChainPollInterval = chain.IsEmbedded ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1),
        };
    }

    /// <summary>
    /// Checks the options without touching the network or the disk.
    /// </summary>
    /// <exception cref="ParleyNodeOptionsException">An option is missing or out of range; <see cref="ParleyNodeOptionsException.Option"/> names it.</exception>
    public void Validate()
    {
        if (Key is null)
        {
            throw new ParleyNodeOptionsException(nameof(Key), "A node needs its participant key.");
        }
        if ((RpcUrl is null) == (Rpc is null))
        {
            throw new ParleyNodeOptionsException(nameof(RpcUrl), "Give exactly one of RpcUrl (the chain's JSON-RPC URL) and Rpc (an existing client).");
        }
        if (RpcUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            throw new ParleyNodeOptionsException(nameof(RpcUrl), $"The RPC URL must be an absolute http or https URL, got '{url}'.");
        }
        if (ChainId == 0)
        {
            throw new ParleyNodeOptionsException(nameof(ChainId), "A chain id is never 0 (EIP-155); leave it null to read it from the chain.");
        }
        if (Adjudicator.IsZero)
        {
            throw new ParleyNodeOptionsException(nameof(Adjudicator), "The adjudicator's address is required (it is not address(0)).");
        }
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ParleyNodeOptionsException(nameof(DataDirectory), "A node needs a data directory for its store and watcher cursor.");
        }
        CheckPlainName(nameof(StoreFileName), StoreFileName);
        CheckPlainName(nameof(CursorDirectoryName), CursorDirectoryName);
        if (!Enum.IsDefined(Durability))
        {
            throw new ParleyNodeOptionsException(nameof(Durability), $"Unknown store durability {(int)Durability}.");
        }
        if (Transport is null)
        {
            throw new ParleyNodeOptionsException(nameof(Transport), "The transport options are required.");
        }
        if (Engine is null)
        {
            throw new ParleyNodeOptionsException(nameof(Engine), "The engine options are required.");
        }
        if (Watcher is null)
        {
            throw new ParleyNodeOptionsException(nameof(Watcher), "The watcher options are required.");
        }
        CheckPositive(nameof(ChainPollInterval), ChainPollInterval);
        CheckPositive(nameof(StepTimeout), StepTimeout);
        CheckPositive("Transport.HandshakeTimeout", Transport.HandshakeTimeout);
        CheckPositive("Transport.ReconnectDelay", Transport.ReconnectDelay);
        if (Transport.MaxReconnectDelay < Transport.ReconnectDelay)
        {
            throw new ParleyNodeOptionsException("Transport.MaxReconnectDelay", "The longest redial delay is shorter than the first one.");
        }
        if (Transport.MaxFrameSize < 1024)
        {
            throw new ParleyNodeOptionsException("Transport.MaxFrameSize", $"The largest frame must be at least 1 KiB, got {Transport.MaxFrameSize} bytes.");
        }
        foreach (var (peer, endPoint) in Transport.Peers)
        {
            if (endPoint is null)
            {
                throw new ParleyNodeOptionsException(nameof(Peers), $"Peer {peer} has no endpoint.");
            }
            if (peer == Key.Address)
            {
                throw new ParleyNodeOptionsException(nameof(Peers), $"Peer {peer} is this node itself.");
            }
        }
        Wrap("Engine", Engine.Validate);
        Wrap("Watcher", () => (Watcher with { PollInterval = ChainPollInterval, StartBlock = FromBlock }).Validate());
        Wrap(nameof(Transactions), () => Transactions?.Validate());
    }

    private static void CheckPlainName(string option, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ParleyNodeOptionsException(option, $"'{name}' is not a plain file name (no folder, not empty).");
        }
    }

    private static void CheckPositive(string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ParleyNodeOptionsException(option, $"Must be more than zero, got {value}.");
        }
    }

    private static void Wrap(string option, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new ParleyNodeOptionsException(option, e.Message, e);
        }
    }
}
