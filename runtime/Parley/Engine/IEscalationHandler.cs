using Parley.Observers;

namespace Parley.Engine;

/// <summary>
/// Called by the engine when a counterparty missed the agreement time or turn timeout (the chain issue registers one
/// that challenges on chain with the channel's support proof, <see cref="ChannelEngine.GetSupportProofAsync"/>).
/// Handlers run off the channel's path; an exception is logged and does not affect the channel.
/// </summary>
public interface IEscalationHandler
{
    /// <summary>Handles one escalation.</summary>
    /// <param name="escalation">What was missed, in which channel, since when, by whom.</param>
    /// <param name="cancellationToken">Cancelled when the engine stops.</param>
    Task OnEscalationAsync(EscalationNeededEvent escalation, CancellationToken cancellationToken);
}
