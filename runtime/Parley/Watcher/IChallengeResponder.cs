using Parley.Channels;
using Parley.StateMachines;

namespace Parley.Watcher;

/// <summary>
/// Chooses this participant's move when a challenge registered on chain is answerable only by a new move: the
/// registered state is not older than this node's latest supported state, it is not final, and it is this
/// participant's turn on it. Set it in <see cref="WatcherOptions.ChallengeResponder"/>; the watcher then signs the
/// action through <see cref="ChannelWatcher.Engine"/> (<see cref="Engine.ChannelEngine.MoveOnChainAsync"/>) and sends
/// <c>progress</c>.
/// </summary>
public interface IChallengeResponder
{
    /// <summary>
    /// Returns the action to play on <see cref="ChallengeResponseRequest.Registered"/> (calldata: 4-byte selector ‖
    /// ABI-encoded arguments), or null to leave the move to someone else (the watcher then raises
    /// <see cref="MoveNeededEvent"/>). Called once per registered challenge (turn and deadline) on the watcher's
    /// thread: answer well before <see cref="ChallengeResponseRequest.FinalizesAt"/>. An exception is reported as
    /// <see cref="WatcherFailedEvent"/> and the watcher falls back to <see cref="MoveNeededEvent"/>.
    /// </summary>
    /// <param name="request">The channel and the registered state.</param>
    /// <param name="cancellationToken">Cancelled when the watcher stops.</param>
    Task<byte[]?> ChooseActionAsync(ChallengeResponseRequest request, CancellationToken cancellationToken);
}

/// <summary>What an <see cref="IChallengeResponder"/> is asked to move on.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="FixedPart">The channel's fixed part.</param>
/// <param name="App">The channel's state machine (its reducer judges the action).</param>
/// <param name="MyIndex">This participant's index (the mover on <paramref name="Registered"/>).</param>
/// <param name="Registered">The state registered on chain, rebuilt and checked against the adjudicator's fingerprint.</param>
/// <param name="FinalizesAt">When the challenge finalizes unless answered, unix seconds of chain time.</param>
public sealed record ChallengeResponseRequest(Bytes32 ChannelId, FixedPart FixedPart, IStateMachineDefinition App, int MyIndex, VariablePart Registered,
    ulong FinalizesAt);
