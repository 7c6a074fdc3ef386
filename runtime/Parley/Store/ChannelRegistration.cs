namespace Parley.Store;

/// <summary>What the store keeps about a channel from its creation on: who it is for and how to decode it.</summary>
/// <param name="ChannelId">The channel id, <c>keccak256(abi.encode(FixedPart))</c>.</param>
/// <param name="FixedPart">The ABI encoding of the channel's fixed part (the bytes hashed into the channel id).</param>
/// <param name="App">The name of the state machine that governs the channel (its registry name).</param>
/// <param name="MyIndex">This node's index in the channel's participant list.</param>
public sealed record ChannelRegistration(Bytes32 ChannelId, byte[] FixedPart, string App, int MyIndex);
