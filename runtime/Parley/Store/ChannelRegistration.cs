namespace Parley.Store;

/// <summary>What the store keeps about a channel from its creation on: who it is for and how to decode it.</summary>
/// <param name="ChannelId">The channel id, <c>keccak256(abi.encode(FixedPart))</c>.</param>
/// <param name="FixedPart">The ABI encoding of the channel's fixed part (the bytes hashed into the channel id).</param>
/// <param name="App">The name of the state machine that governs the channel (its registry name).</param>
/// <param name="MyIndex">This node's index in the channel's participant list.</param>
/// <param name="FundingDeadline">
/// The funding deadline agreed in the channel's proposal, unix seconds (a Solidity <c>uint48</c>); 0 when unknown (a
/// channel registered by a store of schema version 1).
/// </param>
public sealed record ChannelRegistration(Bytes32 ChannelId, byte[] FixedPart, string App, int MyIndex, ulong FundingDeadline = 0);
