namespace Parley.Abi;

/// <summary>The kinds of Solidity ABI types Parley supports (every kind of the specification except <c>fixed</c>/<c>ufixed</c> and <c>function</c>).</summary>
public enum AbiTypeKind
{
    /// <summary><c>uint&lt;M&gt;</c>, M = 8 … 256 in steps of 8 (<see cref="AbiType.Size"/> = M).</summary>
    UInt,

    /// <summary><c>int&lt;M&gt;</c>, M = 8 … 256 in steps of 8 (<see cref="AbiType.Size"/> = M), two's complement.</summary>
    Int,

    /// <summary><c>address</c>: 20 bytes.</summary>
    Address,

    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>bytes&lt;M&gt;</c>, M = 1 … 32 (<see cref="AbiType.Size"/> = M).</summary>
    FixedBytes,

    /// <summary><c>bytes</c>: dynamic-length byte string.</summary>
    Bytes,

    /// <summary><c>string</c>: dynamic-length UTF-8 text.</summary>
    String,

    /// <summary><c>T[]</c>: dynamic-length array (<see cref="AbiType.ElementType"/> = T).</summary>
    Array,

    /// <summary><c>T[k]</c>: fixed-length array (<see cref="AbiType.ElementType"/> = T, <see cref="AbiType.Size"/> = k).</summary>
    FixedArray,

    /// <summary><c>(T1,…,Tn)</c>: tuple, a Solidity struct (<see cref="AbiType.Components"/>).</summary>
    Tuple,
}
