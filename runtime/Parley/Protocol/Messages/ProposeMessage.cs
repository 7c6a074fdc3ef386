using Parley.Channels;

namespace Parley.Protocol;

/// <summary>
/// A proposal to open a channel: its fixed part, the state machine that governs it, and the pre-fund state
/// (turnNum 0, isFinal false) signed by the proposer. Every other participant that accepts answers with its
/// signature on the same state (<see cref="CountersignMessage"/>); the channel runs once all have signed.
/// </summary>
/// <param name="FixedPart">The channel's fixed part (the channel id is its hash).</param>
/// <param name="App">The id of the state machine (<c>IStateMachineDefinition.Id</c>).</param>
/// <param name="AppData">The pre-fund state's appData.</param>
/// <param name="Outcome">The pre-fund state's outcome.</param>
/// <param name="Signature">The proposer's 65-byte signature over the pre-fund state's digest.</param>
public sealed record ProposeMessage(FixedPart FixedPart, string App, byte[] AppData, Outcome Outcome, byte[] Signature)
    : ChannelMessage(FixedPart.ChannelId);
