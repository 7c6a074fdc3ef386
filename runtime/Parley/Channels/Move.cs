using System.Collections.Immutable;
using Parley.Crypto;

namespace Parley.Channels;

/// <summary>
/// One step of a support proof, or a mover's answer to a challenge (Solidity <c>Move</c> of
/// <c>contracts/src/ChannelTypes.sol</c>, ABI <c>(bytes,bytes)</c>): an action and its mover's signature on the state
/// the action produces.
/// </summary>
/// <remarks>
/// The action is applied by the app's <c>reduce</c> to the state before it (turn <c>t</c>) for participant
/// <c>nextMover(appData, t, n)</c>; the result has turn <c>t + 1</c> and <c>isFinal = app.isFinal(newAppData)</c>, and
/// <see cref="Signature"/> must be that mover's signature on it (see <see cref="State.Sign"/>).
/// </remarks>
/// <param name="Action">The action, encoded like calldata: 4-byte selector of its canonical signature, then its ABI-encoded arguments.</param>
/// <param name="Signature">The mover's EIP-712 signature on the resulting state.</param>
public sealed record Move(ImmutableArray<byte> Action, Signature Signature)
{
    /// <summary>The action (never default: an uninitialised array reads as empty).</summary>
    public ImmutableArray<byte> Action { get; init; } = Action.IsDefault ? [] : Action;

    /// <summary>Creates a move from an action's bytes (copied) and the mover's signature.</summary>
    public Move(ReadOnlySpan<byte> action, Signature signature)
        : this(ImmutableArray.Create(action), signature)
    {
    }

    /// <summary>Value equality: the same action bytes and signature.</summary>
    public bool Equals(Move? other) => other is not null && Signature == other.Signature && Action.AsSpan().SequenceEqual(other.Action.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Signature, Action.Length);
}
