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
/// <param name="FundingDeadline">
/// The funding deadline every participant names in its deposits: unix seconds of chain time, a Solidity <c>uint48</c>
/// (the adjudicator's first deposit of an asset sets it, later deposits must repeat it, and <c>reclaim</c> after a failed
/// funding needs it to have passed). A receiver refuses 0, values above 2^48 − 1, and deadlines not after its own clock
/// (<see cref="RejectionReason.InvalidFundingDeadline"/>). Not part of the signed state: it travels on the authenticated
/// connection.
/// </param>
public sealed record ProposeMessage(FixedPart FixedPart, string App, byte[] AppData, Outcome Outcome, byte[] Signature, ulong FundingDeadline)
    : ChannelMessage(FixedPart.ChannelId);
