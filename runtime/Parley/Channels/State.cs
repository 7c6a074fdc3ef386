using Parley.Crypto;

namespace Parley.Channels;

/// <summary>
/// A channel state: the channel's <see cref="FixedPart"/> and one <see cref="VariablePart"/>. It knows the EIP-712
/// digest participants sign (DESIGN.md, "Signatures"), and signs and checks signatures on it.
/// </summary>
/// <remarks>
/// <see cref="Digest"/> = keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(State)) (EIP-712) with the domain
/// {name "Parley", version "1", chainId, verifyingContract = adjudicator} and <c>hashStruct(State)</c> =
/// <see cref="StructHash"/>; the adjudicator computes the same bytes (OpenZeppelin <c>EIP712._hashTypedDataV4</c>).
/// Signatures are 65 bytes r ‖ s ‖ v with a low s (EIP-2), the only kind the adjudicator accepts.
/// </remarks>
public sealed class State : IEquatable<State>
{
    /// <summary>Creates a state.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The outcome does not have one balance per participant for every asset.</exception>
    public State(FixedPart fixedPart, VariablePart variablePart)
    {
        ArgumentNullException.ThrowIfNull(fixedPart);
        ArgumentNullException.ThrowIfNull(variablePart);
        if (!variablePart.Outcome.HasParticipantCount(fixedPart.ParticipantCount))
        {
            throw new ArgumentException(
                $"Every asset of the outcome needs one balance per participant ({fixedPart.ParticipantCount}): {variablePart.Outcome}.",
                nameof(variablePart));
        }
        FixedPart = fixedPart;
        VariablePart = variablePart;
        StructHash = variablePart.StructHash(fixedPart.ChannelId);
        Digest = Eip712.Digest(fixedPart.Domain, StructHash);
    }

    /// <summary>The channel's fixed part.</summary>
    public FixedPart FixedPart { get; }

    /// <summary>The state's variable part.</summary>
    public VariablePart VariablePart { get; }

    /// <summary>The channel id.</summary>
    public Bytes32 ChannelId => FixedPart.ChannelId;

    /// <summary>The turn number.</summary>
    public ulong TurnNum => VariablePart.TurnNum;

    /// <summary>Whether the state is final.</summary>
    public bool IsFinal => VariablePart.IsFinal;

    /// <summary>The outcome.</summary>
    public Outcome Outcome => VariablePart.Outcome;

    /// <summary>EIP-712 <c>hashStruct(State)</c>; its low 160 bits are the adjudicator's fingerprint of the state.</summary>
    public Bytes32 StructHash { get; }

    /// <summary>The EIP-712 digest participants sign.</summary>
    public Bytes32 Digest { get; }

    /// <summary>Signs the state with <paramref name="key"/> (a low-s signature).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public Signature Sign(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Sign(Digest);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is participant <paramref name="participantIndex"/>'s valid signature on this
    /// state, by the adjudicator's rules: low s, a recoverable signature, recovering to <c>participants[index]</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantIndex"/> names no participant.</exception>
    public bool IsSignedBy(int participantIndex, Signature signature) => DescribeSignatureProblem(participantIndex, signature) is null;

    /// <summary>
    /// Why <paramref name="signature"/> is not participant <paramref name="participantIndex"/>'s valid signature on this
    /// state (high s, not recoverable, or the address it recovers to), or null when it is.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="participantIndex"/> names no participant.</exception>
    public string? DescribeSignatureProblem(int participantIndex, Signature signature)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(participantIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(participantIndex, FixedPart.ParticipantCount);
        if (!signature.IsLowS)
        {
            return "the signature's s is in the upper half of the curve order (only low-s signatures are valid)";
        }
        if (!Secp256k1.Default.TryRecover(Digest, signature, out var signer))
        {
            return "the signature recovers to no public key";
        }
        var expected = FixedPart.Participants[participantIndex];
        return signer == expected ? null : $"the signature recovers to {signer}, not to participant {participantIndex} ({expected})";
    }

    /// <summary>Value equality: the same fixed and variable parts.</summary>
    public bool Equals(State? other) => other is not null && FixedPart.Equals(other.FixedPart) && VariablePart.Equals(other.VariablePart);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as State);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(FixedPart, VariablePart);

    /// <inheritdoc/>
    public override string ToString() => $"{ChannelId} {VariablePart}";
}
