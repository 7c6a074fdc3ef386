namespace Parley;

/// <summary>
/// Why a state machine rejected an action (<see cref="ActionRejectedException.Kind"/>). Each kind has a fixed on-chain
/// counterpart in the generated Solidity, so the C# reducer and the contract fail in the same way for the same input:
/// the string kinds revert with <c>Error(string)</c> carrying <see cref="ActionRejectedException.Reason"/>, the
/// arithmetic kinds with the Solidity 0.8 <c>Panic(uint256)</c> code given on each member.
/// </summary>
public enum RejectionKind
{
    /// <summary>A rule's <c>Require(condition, reason)</c> failed, or an outcome helper refused (unknown asset,
    /// insufficient balance, participant out of range). On chain: <c>Error(reason)</c>.</summary>
    Require = 0,

    /// <summary>The <c>appData</c> is not the canonical encoding of the state (wrong length, a value out of its type's
    /// range). Reason <c>"malformed appData"</c>.</summary>
    MalformedAppData = 1,

    /// <summary>The outcome does not have exactly one balance per participant for every asset. Reason
    /// <c>"malformed outcome"</c>.</summary>
    MalformedOutcome = 2,

    /// <summary>The mover index is not that of a participant (0 ≤ index &lt; participant count). Reason
    /// <c>"invalid mover"</c>.</summary>
    InvalidMover = 3,

    /// <summary>The state is final (<c>IsFinal</c> is true): no further action is valid. Reason
    /// <c>"state is final"</c>.</summary>
    StateIsFinal = 4,

    /// <summary>The action bytes are shorter than a selector, or its arguments are not the canonical encoding of the
    /// action's parameters. Reason <c>"malformed action"</c>.</summary>
    MalformedAction = 5,

    /// <summary>The action's 4-byte selector names no action of the state machine. Reason <c>"unknown action"</c>.</summary>
    UnknownAction = 6,

    /// <summary>Checked arithmetic overflowed, or a checked narrowing conversion was out of range (C#
    /// <see cref="OverflowException"/>). On chain: <c>Panic(0x11)</c>.</summary>
    ArithmeticOverflow = 7,

    /// <summary>Division or remainder by zero (C# <see cref="DivideByZeroException"/>). On chain: <c>Panic(0x12)</c>.</summary>
    DivisionByZero = 8,

    /// <summary>An array index out of bounds (C# <see cref="IndexOutOfRangeException"/>). On chain: <c>Panic(0x32)</c>.</summary>
    IndexOutOfRange = 9,
}
