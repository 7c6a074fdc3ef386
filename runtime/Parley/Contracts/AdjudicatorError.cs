using System.Collections.Immutable;

namespace Parley.Contracts;

/// <summary>
/// A decoded revert of an adjudicator call: one of the adjudicator's custom errors (the <c>…Error</c> records), a
/// Solidity <c>Error(string)</c> (<see cref="RevertReasonError"/>) or <c>Panic(uint256)</c> (<see cref="PanicError"/>),
/// or data Parley does not know (<see cref="UnknownRevertError"/>). See <see cref="AdjudicatorErrors.Decode"/>.
/// </summary>
/// <remarks>A custom error's revert data is its 4-byte selector (keccak256 of <see cref="Signature"/>) followed by its
/// ABI-encoded arguments (Solidity ABI specification, "Errors").</remarks>
public abstract record AdjudicatorError
{
    /// <summary>The error's canonical signature, e.g. <c>StaleTurnNum(uint48,uint48)</c>; empty for unknown data.</summary>
    public abstract string Signature { get; }

    /// <summary>A sentence saying what went wrong, with the error's arguments.</summary>
    public abstract string Message { get; }

    /// <summary>Lowercase 0x-hex of <paramref name="bytes"/>.</summary>
    protected static string Hex(ImmutableArray<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes.AsSpan());
}

/// <summary><c>Error(string)</c>: a <c>require</c>/<c>revert</c> with a reason string (from an app, a token, or Solidity).</summary>
/// <param name="Reason">The reason.</param>
public sealed record RevertReasonError(string Reason) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>Error(string)</c>.</summary>
    public const string CanonicalSignature = "Error(string)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"Error: {Reason}";
}

/// <summary><c>Panic(uint256)</c>: a Solidity panic (0x11 arithmetic overflow, 0x32 index out of bounds, …).</summary>
/// <param name="Code">The panic code.</param>
public sealed record PanicError(UInt256 Code) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>Panic(uint256)</c>.</summary>
    public const string CanonicalSignature = "Panic(uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"Panic 0x{Code:x}";
}

/// <summary>Revert data that is none of the errors Parley knows (or is malformed), or a revert without data.</summary>
/// <param name="Data">The raw revert data (empty for a bare <c>revert()</c>, or when the node gave none).</param>
public sealed record UnknownRevertError(ImmutableArray<byte> Data) : AdjudicatorError
{
    /// <inheritdoc/>
    public override string Signature => "";

    /// <inheritdoc/>
    public override string Message => Data.IsDefaultOrEmpty ? "reverted without data" : $"reverted with unknown data {Hex(Data)}";
}
