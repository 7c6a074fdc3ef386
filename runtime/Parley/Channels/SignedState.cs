using System.Collections.Immutable;
using Parley.Crypto;

namespace Parley.Channels;

/// <summary>
/// A <see cref="State"/> with the signatures collected on it so far: at most one per participant, each checked on
/// entry (low s, recovering to that participant). Immutable; <see cref="WithSignature"/> returns a new instance.
/// </summary>
/// <remarks>
/// A state signed by every participant (<see cref="IsSignedByAll"/>) is supported on its own, and is the base of every
/// <see cref="SupportProof"/>. <see cref="PackedSignatures"/> is the form the adjudicator takes them in: 65 bytes
/// r ‖ s ‖ v per participant, in participant order, concatenated.
/// </remarks>
public sealed class SignedState
{
    private SignedState(State state, ImmutableArray<Signature?> signatures)
    {
        State = state;
        Signatures = signatures;
    }

    /// <summary>Creates a signed state, checking every signature given.</summary>
    /// <param name="state">The state.</param>
    /// <param name="signatures">One entry per participant, in participant order: its signature, or null when missing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> or <paramref name="signatures"/> is null.</exception>
    /// <exception cref="ArgumentException">Not one entry per participant, or a signature is not that participant's valid
    /// signature on the state (the message says why).</exception>
    public SignedState(State state, IEnumerable<Signature?> signatures)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(signatures);
        var list = signatures.ToImmutableArray();
        if (list.Length != state.FixedPart.ParticipantCount)
        {
            throw new ArgumentException(
                $"Expected one signature entry per participant ({state.FixedPart.ParticipantCount}), got {list.Length}.", nameof(signatures));
        }
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is { } signature && state.DescribeSignatureProblem(i, signature) is { } problem)
            {
                throw new ArgumentException($"Signature {i} on {state}: {problem}.", nameof(signatures));
            }
        }
        State = state;
        Signatures = list;
    }

    /// <summary>A state with no signatures yet.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public static SignedState Unsigned(State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new SignedState(state, ImmutableArray.CreateRange(Enumerable.Repeat<Signature?>(null, state.FixedPart.ParticipantCount)));
    }

    /// <summary>Signs <paramref name="state"/> with every key in <paramref name="keys"/> (one per participant, in order).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Not one key per participant, or a key is not its participant's.</exception>
    public static SignedState SignedByAll(State state, IReadOnlyList<PrivateKey> keys)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count != state.FixedPart.ParticipantCount)
        {
            throw new ArgumentException($"Expected one key per participant ({state.FixedPart.ParticipantCount}), got {keys.Count}.", nameof(keys));
        }
        return new SignedState(state, keys.Select(k => (Signature?)state.Sign(k)));
    }

    /// <summary>The state.</summary>
    public State State { get; }

    /// <summary>Per participant, its signature or null.</summary>
    public ImmutableArray<Signature?> Signatures { get; }

    /// <summary>Whether every participant has signed.</summary>
    public bool IsSignedByAll => Signatures.All(s => s is not null);

    /// <summary>A copy with participant <paramref name="participantIndex"/>'s signature added (or replaced).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantIndex"/> names no participant.</exception>
    /// <exception cref="ArgumentException">The signature is not that participant's valid signature on the state.</exception>
    public SignedState WithSignature(int participantIndex, Signature signature)
    {
        if (State.DescribeSignatureProblem(participantIndex, signature) is { } problem)
        {
            throw new ArgumentException($"Signature {participantIndex} on {State}: {problem}.", nameof(signature));
        }
        return new SignedState(State, Signatures.SetItem(participantIndex, signature));
    }

    /// <summary>The signatures as the adjudicator takes them: 65 bytes r ‖ s ‖ v per participant, in order.</summary>
    /// <exception cref="InvalidOperationException">A participant has not signed.</exception>
    public byte[] PackedSignatures()
    {
        var packed = new byte[Signature.Length * Signatures.Length];
        for (var i = 0; i < Signatures.Length; i++)
        {
            var signature = Signatures[i] ?? throw new InvalidOperationException(
                $"Participant {i} ({State.FixedPart.Participants[i]}) has not signed turn {State.TurnNum} of channel {State.ChannelId}.");
            signature.CopyTo(packed.AsSpan(i * Signature.Length, Signature.Length));
        }
        return packed;
    }
}
