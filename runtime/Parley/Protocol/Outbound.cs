namespace Parley.Protocol;

/// <summary>A message the protocol asks the engine to send (after the step's records are durable).</summary>
/// <param name="To">The recipient participant's address.</param>
/// <param name="Message">The message.</param>
public readonly record struct Outbound(Address To, ChannelMessage Message);

/// <summary>
/// A request to resend stored history to a peer that lacks it (after a SYNC): the engine reads the log and
/// signatures from the store and sends them in turnNum order.
/// </summary>
/// <param name="To">The peer.</param>
/// <param name="StatesAfter">Send every logged state with a turnNum above this (−1 for all, the proposal included).</param>
/// <param name="SignaturesFrom">Send every stored signature on turnNums at or above this.</param>
public sealed record ResendRequest(Address To, long StatesAfter, ulong SignaturesFrom);
