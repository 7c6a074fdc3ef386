using Parley.Crypto;

namespace Parley.Store;

/// <summary>A participant's signature on the logged state with turnNum <see cref="TurnNum"/>.</summary>
/// <param name="TurnNum">The turnNum of the signed state (its digest is the log entry's <see cref="LogEntry.StateHash"/>).</param>
/// <param name="Participant">The signer's index in the channel's participant list.</param>
/// <param name="Signature">The 65-byte ECDSA signature r ‖ s ‖ v over the state's EIP-712 digest.</param>
public readonly record struct StoredSignature(ulong TurnNum, int Participant, Signature Signature);
