using System.Buffers.Binary;
using System.Text;

namespace Parley;

/// <summary>
/// Thrown when a state machine rejects an action: a rule's <c>Require(condition, reason)</c> failed, the input was
/// malformed, or the rules' checked arithmetic failed. The reducer never lets any other exception escape for bad input.
/// </summary>
/// <remarks>
/// The generated Solidity contract fails on exactly the same inputs; <see cref="ToRevertData"/> gives the revert data it
/// returns (Solidity ABI specification, "Errors": <c>Error(string)</c> = selector <c>0x08c379a0</c> followed by the
/// ABI-encoded reason, <c>Panic(uint256)</c> = selector <c>0x4e487b71</c> followed by the code).
/// </remarks>
public sealed class ActionRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why the action was rejected.</param>
    /// <param name="reason">The reason string: the <c>Require</c> reason, or the fixed reason of <paramref name="kind"/>.</param>
    /// <param name="innerException">The exception that caused the rejection (an arithmetic or decoding exception), if any.</param>
    public ActionRejectedException(RejectionKind kind, string reason, Exception? innerException = null)
        : base($"Action rejected ({kind}): {reason}", innerException)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Kind = kind;
        Reason = reason;
    }

    /// <summary>Why the action was rejected.</summary>
    public RejectionKind Kind { get; }

    /// <summary>
    /// The reason: for <see cref="RejectionKind.Require"/> the rule's reason string, verbatim; otherwise the fixed
    /// reason of the kind (see <see cref="RejectionKind"/>), e.g. <c>"malformed action"</c> or <c>"arithmetic overflow"</c>.
    /// </summary>
    public string Reason { get; }

    /// <summary>
    /// The Solidity panic code the generated contract reverts with for this rejection (<c>0x11</c> overflow,
    /// <c>0x12</c> division by zero, <c>0x32</c> index out of bounds), or null when it reverts with <c>Error(Reason)</c>.
    /// </summary>
    public int? PanicCode => Kind switch
    {
        RejectionKind.ArithmeticOverflow => 0x11,
        RejectionKind.DivisionByZero => 0x12,
        RejectionKind.IndexOutOfRange => 0x32,
        _ => null,
    };

    /// <summary>
    /// The revert data the generated contract returns for the same input: <c>Panic(uint256)</c> with
    /// <see cref="PanicCode"/> (4 + 32 bytes), or <c>Error(string)</c> with <see cref="Reason"/> UTF-8 encoded
    /// (4 + 32 + 32 + the reason padded to a multiple of 32 bytes).
    /// </summary>
    public byte[] ToRevertData()
    {
        if (PanicCode is { } code)
        {
            var panic = new byte[36];
            BinaryPrimitives.WriteUInt32BigEndian(panic, 0x4e487b71);
            BinaryPrimitives.WriteInt32BigEndian(panic.AsSpan(32), code);
            return panic;
        }
        var text = Encoding.UTF8.GetBytes(Reason);
        var padded = (text.Length + 31) / 32 * 32;
        var data = new byte[4 + 32 + 32 + padded];
        BinaryPrimitives.WriteUInt32BigEndian(data, 0x08c379a0);
        data[4 + 31] = 0x20;
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4 + 32 + 28), text.Length);
        text.CopyTo(data, 4 + 64);
        return data;
    }

    /// <summary>The fixed reason strings of the non-<see cref="RejectionKind.Require"/> kinds, shared with the generated Solidity.</summary>
    public static string FixedReason(RejectionKind kind) => kind switch
    {
        RejectionKind.MalformedAppData => "malformed appData",
        RejectionKind.MalformedOutcome => "malformed outcome",
        RejectionKind.InvalidMover => "invalid mover",
        RejectionKind.StateIsFinal => "state is final",
        RejectionKind.MalformedAction => "malformed action",
        RejectionKind.UnknownAction => "unknown action",
        RejectionKind.ArithmeticOverflow => "arithmetic overflow",
        RejectionKind.DivisionByZero => "division by zero",
        RejectionKind.IndexOutOfRange => "index out of range",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Require rejections carry the rule's own reason."),
    };

    /// <summary>Creates a rejection of a kind with a fixed reason (every kind but <see cref="RejectionKind.Require"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is <see cref="RejectionKind.Require"/>.</exception>
    public static ActionRejectedException Of(RejectionKind kind, Exception? innerException = null) =>
        new(kind, FixedReason(kind), innerException);
}
