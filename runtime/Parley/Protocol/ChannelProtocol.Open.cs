using System.Collections.Immutable;
using Parley.Channels;
using Parley.Observers;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>
    /// Proposes a new channel: stores the fixed part and the pre-fund state (turnNum 0, isFinal false) signed by this
    /// node, and sends the proposal to every other participant.
    /// </summary>
    /// <param name="context">This node's key, network and options.</param>
    /// <param name="fixedPart">The channel's fixed part; this node must be a participant.</param>
    /// <param name="app">The state machine; its participant count must match.</param>
    /// <param name="appData">The pre-fund appData (usually <see cref="IStateMachineDefinition.InitialAppData"/>).</param>
    /// <param name="outcome">The pre-fund outcome (one balance per participant for every asset).</param>
    /// <param name="fundingDeadline">
    /// The funding deadline the proposal carries (<see cref="ProposeMessage.FundingDeadline"/>): unix seconds, after
    /// <paramref name="now"/>, at most 2^48 − 1 and within <see cref="ProtocolOptions.MaxFundingWindow"/>.
    /// </param>
    /// <param name="now">The current time.</param>
    /// <returns>
    /// The step; refused with <see cref="RejectionReason.InvalidProposal"/> or <see cref="RejectionReason.Malformed"/> when
    /// the inputs do not fit, <see cref="RejectionReason.InvalidFundingDeadline"/> for an unusable deadline.
    /// </returns>
    public static Step Propose(ProtocolContext context, FixedPart fixedPart, IStateMachineDefinition app, byte[] appData, Outcome outcome,
        ulong fundingDeadline, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(appData);
        ArgumentNullException.ThrowIfNull(outcome);
        var builder = new StepBuilder(fixedPart.ChannelId, now);
        if ((CheckProposal(context, fixedPart, app, appData, outcome) ?? CheckFundingDeadline(context, fundingDeadline, now)) is { } problem)
        {
            return builder.Refuse(null, null, 0, problem);
        }
        var myIndex = fixedPart.IndexOf(context.Address);
        var hash = LoggedState.Digest(fixedPart, 0, false, appData, outcome);
        var signature = context.Key.Sign(hash);
        var preFund = new LoggedState(0, false, appData, outcome, hash, LogEntryKind.Agreed, [], Bytes32.Zero,
            NoSignatures(fixedPart.ParticipantCount).SetItem(myIndex, signature));
        var state = NewChannel(context, fixedPart, app, myIndex, preFund, fundingDeadline, now) with { HighestSignedTurn = 0 };
        builder.Persist.Register(new ChannelRegistration(fixedPart.ChannelId, fixedPart.Encode(), app.Id, myIndex, fundingDeadline));
        builder.Persist.Append(preFund.ToLogEntry());
        builder.Persist.AddOwnSignature(new StoredSignature(0, myIndex, signature));
        builder.Publish(new ChannelProposedEvent(now, fixedPart.ChannelId, fixedPart, app.Id, ProposedByMe: true, fundingDeadline));
        if (preFund.IsFullySigned)
        {
            state = OnFullySigned(context, state, 0, builder);
        }
        PersistHead(state, builder);
        builder.SendToOthers(state, new ProposeMessage(fixedPart, app.Id, appData, outcome, signature.ToBytes(), fundingDeadline));
        return builder.Done(state);
    }

    /// <summary>
    /// A proposal for a channel this node does not know yet. Validated (network, participants, machine, shapes, the
    /// funding deadline against <paramref name="now"/>, the proposer's signature); if <paramref name="accept"/>, stored
    /// (with its funding deadline) and countersigned. A refused proposal stores nothing.
    /// </summary>
    /// <param name="context">This node's key, network and options.</param>
    /// <param name="from">The authenticated peer it came from.</param>
    /// <param name="message">The proposal.</param>
    /// <param name="app">The state machine it names, or null if this node does not have it.</param>
    /// <param name="accept">This node's decision (the engine's acceptance policy).</param>
    /// <param name="now">The current time.</param>
    public static Step ReceiveProposal(ProtocolContext context, Address from, ProposeMessage message, IStateMachineDefinition? app, bool accept, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        var fixedPart = message.FixedPart;
        var builder = new StepBuilder(fixedPart.ChannelId, now);
        if (app is null)
        {
            return builder.Refuse(null, from, 0, new Rejection(RejectionReason.UnknownApp, $"This node has no state machine '{message.App}'."));
        }
        if (!string.Equals(app.Id, message.App, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The proposal names '{message.App}' but the machine given is '{app.Id}'.", nameof(app));
        }
        if ((CheckProposal(context, fixedPart, app, message.AppData, message.Outcome) ?? CheckFundingDeadline(context, message.FundingDeadline, now)) is { } problem)
        {
            return builder.Refuse(null, from, 0, problem);
        }
        if (fixedPart.IndexOf(from) < 0)
        {
            return builder.Refuse(null, from, 0, new Rejection(RejectionReason.InvalidProposal, $"The sender {from} is not a participant of the proposed channel."));
        }
        var hash = LoggedState.Digest(fixedPart, 0, false, message.AppData, message.Outcome);
        if (SignatureCheck.Verify(fixedPart, message.Signature, hash, out var proposer, out var proposerSignature) is { } bad)
        {
            return builder.Refuse(null, from, 0, bad);
        }
        var myIndex = fixedPart.IndexOf(context.Address);
        if (proposer == myIndex)
        {
            return builder.Refuse(null, from, 0, new Rejection(RejectionReason.InvalidProposal,
                "The proposal carries this node's own signature, but this node has no record of proposing it."));
        }
        if (!accept)
        {
            return builder.Refuse(null, from, 0, new Rejection(RejectionReason.ProposalDeclined, "This node's policy declined the channel."));
        }
        var signature = context.Key.Sign(hash);
        var preFund = new LoggedState(0, false, message.AppData, message.Outcome, hash, LogEntryKind.Agreed, [], Bytes32.Zero,
            NoSignatures(fixedPart.ParticipantCount).SetItem(proposer, proposerSignature).SetItem(myIndex, signature));
        var state = NewChannel(context, fixedPart, app, myIndex, preFund, message.FundingDeadline, now) with { HighestSignedTurn = 0 };
        builder.Persist.Register(new ChannelRegistration(fixedPart.ChannelId, fixedPart.Encode(), app.Id, myIndex, message.FundingDeadline));
        builder.Persist.Append(preFund.ToLogEntry());
        builder.Persist.AddSignature(new StoredSignature(0, proposer, proposerSignature));
        builder.Persist.AddOwnSignature(new StoredSignature(0, myIndex, signature));
        builder.Publish(new ChannelProposedEvent(now, fixedPart.ChannelId, fixedPart, app.Id, ProposedByMe: false, message.FundingDeadline));
        if (preFund.IsFullySigned)
        {
            state = OnFullySigned(context, state, 0, builder);
        }
        PersistHead(state, builder);
        builder.SendToOthers(state, new CountersignMessage(fixedPart.ChannelId, 0, hash, signature.ToBytes()));
        return builder.Done(state);
    }

    /// <summary>A proposal for a channel already known: the same proposal again (its signature counts), or a conflict.</summary>
    private static Step ReceiveRepeatedProposal(ProtocolContext context, ChannelState state, Address from, ProposeMessage message, DateTimeOffset now)
    {
        var builder = new StepBuilder(state.ChannelId, now);
        if (!string.Equals(message.App, state.App.Id, StringComparison.Ordinal) || CheckShape(state.FixedPart, state.App, message.AppData, message.Outcome) is not null
            || LoggedState.Digest(state.FixedPart, 0, false, message.AppData, message.Outcome) != state.PreFundHash)
        {
            return builder.Refuse(state, from, 0, new Rejection(RejectionReason.InvalidProposal,
                "A different proposal for a channel id this node already has (same fixed part, other app, appData or outcome)."));
        }
        if (state.FundingDeadline != 0 && message.FundingDeadline != state.FundingDeadline)
        {
            return builder.Refuse(state, from, 0, new Rejection(RejectionReason.InvalidProposal,
                $"A proposal for a channel id this node already has, with funding deadline {message.FundingDeadline} instead of the agreed {state.FundingDeadline}."));
        }
        return ReceiveCountersign(context, state, from, new CountersignMessage(state.ChannelId, 0, state.PreFundHash, message.Signature), now);
    }

    private static Rejection? CheckProposal(ProtocolContext context, FixedPart fixedPart, IStateMachineDefinition app, byte[] appData, Outcome outcome)
    {
        if (fixedPart.ChainId != context.Network.ChainId || fixedPart.Adjudicator != context.Network.Adjudicator)
        {
            return new Rejection(RejectionReason.InvalidProposal,
                $"The channel names chain {fixedPart.ChainId} and adjudicator {fixedPart.Adjudicator}; this node runs on chain {context.Network.ChainId} with {context.Network.Adjudicator}.");
        }
        if (fixedPart.IndexOf(context.Address) < 0)
        {
            return new Rejection(RejectionReason.InvalidProposal, $"This node ({context.Address}) is not a participant of the channel.");
        }
        if (fixedPart.ParticipantCount != app.ParticipantCount)
        {
            return new Rejection(RejectionReason.InvalidProposal,
                $"The channel has {fixedPart.ParticipantCount} participants; {app.Id} is played by {app.ParticipantCount}.");
        }
        if (CheckShape(fixedPart, app, appData, outcome) is { } shape)
        {
            return shape;
        }
        try
        {
            if (app.IsFinal(appData))
            {
                return new Rejection(RejectionReason.InvalidProposal, "The pre-fund appData is already a final state.");
            }
        }
        catch (ActionRejectedException e)
        {
            return new Rejection(RejectionReason.InvalidProposal, $"The pre-fund appData is not a valid {app.Id} state: {e.Reason}.");
        }
        return null;
    }

    /// <summary>
    /// Checks a proposal's funding deadline against this node's clock: not 0, a <c>uint48</c>, strictly after
    /// <paramref name="now"/> (whole unix seconds), and no further ahead than <see cref="ProtocolOptions.MaxFundingWindow"/>.
    /// </summary>
    private static Rejection? CheckFundingDeadline(ProtocolContext context, ulong fundingDeadline, DateTimeOffset now)
    {
        if (fundingDeadline == 0)
        {
            return new Rejection(RejectionReason.InvalidFundingDeadline, "The funding deadline is 0 (the adjudicator reads 0 as no deadline).");
        }
        if (fundingDeadline > MaxUInt48)
        {
            return new Rejection(RejectionReason.InvalidFundingDeadline, $"The funding deadline {fundingDeadline} is above 2^48 - 1 (a Solidity uint48).");
        }
        var nowSeconds = now.ToUnixTimeSeconds();
        if ((long)fundingDeadline <= nowSeconds)
        {
            return new Rejection(RejectionReason.InvalidFundingDeadline,
                $"The funding deadline {fundingDeadline} is not in the future: this node's clock reads {nowSeconds} (unix seconds).");
        }
        if (context.Options.MaxFundingWindow is { } window && (long)fundingDeadline - nowSeconds > (long)Math.Ceiling(window.TotalSeconds))
        {
            return new Rejection(RejectionReason.InvalidFundingDeadline,
                $"The funding deadline {fundingDeadline} is {(long)fundingDeadline - nowSeconds} s ahead; this node accepts at most {(long)Math.Ceiling(window.TotalSeconds)} s (MaxFundingWindow).");
        }
        return null;
    }

    /// <summary>The largest Solidity <c>uint48</c>, 2^48 − 1.</summary>
    private const ulong MaxUInt48 = (1UL << 48) - 1;

    private static ChannelState NewChannel(ProtocolContext context, FixedPart fixedPart, IStateMachineDefinition app, int myIndex, LoggedState preFund,
        ulong fundingDeadline, DateTimeOffset now) =>
        new()
        {
            FundingDeadline = fundingDeadline,
            FixedPart = fixedPart,
            App = app,
            MyIndex = myIndex,
            Phase = ChannelPhase.Proposed,
            Latest = preFund,
            PreFundHash = preFund.Hash,
            LatestFullySignedTurn = 0,
            AckedTurn = ImmutableArray.Create(Enumerable.Repeat(-1L, fixedPart.ParticipantCount).ToArray()),
            RecentHashes = ImmutableDictionary<ulong, Bytes32>.Empty.Add(0, preFund.Hash),
            TailSignatures = ImmutableDictionary<ulong, ImmutableArray<Crypto.Signature?>>.Empty.Add(0, preFund.Signatures),
            AwaitingAgreementSince = now,
        };
}
