using Parley.Crypto;

namespace Parley.Cli.Node;

/// <summary>What <c>parley node</c> runs with: the participant's key, the chain, the contracts, the ports and the data directory.</summary>
/// <param name="Key">The participant's signing key (also the account paying its transactions).</param>
/// <param name="RpcUrl">The chain's JSON-RPC URL.</param>
/// <param name="Adjudicator">The adjudicator's address.</param>
/// <param name="App">The tic-tac-toe app contract's address (the appDefinition of channels this node opens).</param>
/// <param name="PeerPort">The TCP port for peers on 127.0.0.1 (0: a free one).</param>
/// <param name="ApiPort">The HTTP JSON API's port on 127.0.0.1 (0: a free one).</param>
/// <param name="DataDirectory">Where the SQLite store and the watcher's cursors live.</param>
/// <param name="FromBlock">The block to follow the adjudicator's events from (its deployment block).</param>
internal sealed record NodeSettings(PrivateKey Key, Uri RpcUrl, Address Adjudicator, Address App, int PeerPort, int ApiPort, string DataDirectory, ulong FromBlock);
