namespace Parley.Abi;

/// <summary>
/// Why <see cref="AbiReader"/> (and everything built on it) rejected an ABI encoding. The decoder accepts exactly the
/// canonical encoding the Solidity ABI specification describes and nothing else, so <c>decode</c> is injective:
/// whatever decodes re-encodes to the same bytes.
/// </summary>
public enum AbiDecodingError
{
    /// <summary>The data ends before a head word, a length word, or the content a length announces.</summary>
    Truncated,

    /// <summary>
    /// A <c>uint&lt;M&gt;</c> has non-zero bits above bit M, an <c>int&lt;M&gt;</c> is not the sign extension of its low
    /// M bits, or an <c>address</c> has non-zero bytes in its top 12 bytes.
    /// </summary>
    DirtyHighBits,

    /// <summary>A <c>bool</c> word is neither 0 nor 1.</summary>
    InvalidBool,

    /// <summary>
    /// The padding after a <c>bytes&lt;M&gt;</c> value (its low 32 − M bytes), or after the content of a
    /// <c>bytes</c>/<c>string</c> (up to the next multiple of 32 bytes), is not zero.
    /// </summary>
    NonZeroPadding,

    /// <summary>An offset word points beyond the end of the data (or does not fit in 32 bits).</summary>
    OffsetOutOfRange,

    /// <summary>An offset is not a multiple of 32 bytes.</summary>
    MisalignedOffset,

    /// <summary>
    /// An offset is in range and aligned but does not point where the canonical encoding puts the member: right after
    /// the enclosing tuple's head for its first dynamic member, right after the previous dynamic member's tail for the
    /// others. Gaps, overlaps, aliasing and reordered tails are rejected this way.
    /// </summary>
    NonCanonicalOffset,

    /// <summary>
    /// An array or <c>bytes</c>/<c>string</c> length announces more content than the data holds (checked before anything
    /// is allocated, so hostile lengths cost nothing).
    /// </summary>
    LengthOutOfRange,

    /// <summary>Bytes remain after the end of the encoding.</summary>
    TrailingData,

    /// <summary>A <c>string</c> is not well-formed UTF-8.</summary>
    InvalidUtf8,
}
