using Parley.Engine;
using Parley.Store;

namespace Parley.Hosting;

/// <summary>
/// A Parley node's configuration, bound through <c>IOptions&lt;ParleyOptions&gt;</c> (for example from the
/// <c>"Parley"</c> configuration section, or the delegate given to
/// <see cref="ParleyServiceCollectionExtensions.AddParley"/>).
/// </summary>
public sealed class ParleyOptions
{
    /// <summary>
    /// This node's participant key as <c>0x</c> + 64 hex digits. Required. Keep it out of source control (use user
    /// secrets, an environment variable or a key vault).
    /// </summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>The EIP-155 chain id the node's channels name. Default 31337 (anvil).</summary>
    public ulong ChainId { get; set; } = 31337;

    /// <summary>The adjudicator contract's address (<c>0x</c> + 40 hex digits). Required.</summary>
    public string Adjudicator { get; set; } = "";

    /// <summary>The SQLite store's file. Default <c>parley.db</c> in the working directory.</summary>
    public string StorePath { get; set; } = "parley.db";

    /// <summary>The store's durability. Default <see cref="StoreDurability.Full"/> (fsync per group commit).</summary>
    public StoreDurability Durability { get; set; } = StoreDurability.Full;

    /// <summary>The IP address to accept peer connections on, or empty to accept none. Default <c>127.0.0.1</c>.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port to listen on; 0 (default) picks a free one.</summary>
    public int ListenPort { get; set; }

    /// <summary>Peers to keep connections to: participant address (<c>0x…</c>) → <c>host:port</c>.</summary>
    public Dictionary<string, string> Peers { get; set; } = [];

    /// <summary>The largest frame accepted from a peer, in bytes. Default 1 MiB.</summary>
    public int MaxFrameSize { get; set; } = Transport.FrameFormat.DefaultMaxFrameSize;

    /// <summary>The engine's settings (inbox sizes, back-pressure window, protocol tunables).</summary>
    public ChannelEngineOptions Engine { get; set; } = new();
}
