namespace Parley.Protocol;

/// <summary>The sender refused a message about the channel; nothing of it was applied.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The turnNum of the refused message (0 if it had none).</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Detail">A human-readable explanation (at most 512 characters are sent).</param>
public sealed record RejectMessage(Bytes32 ChannelId, ulong TurnNum, RejectionReason Reason, string Detail) : ChannelMessage(ChannelId);
