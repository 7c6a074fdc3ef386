using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Parley.Abi;

/// <summary>
/// Reads a Solidity ABI encoding (<c>abi.decode</c>; the argument part of calldata) of values whose types the caller
/// knows statically — the decoder Parley's generated code and runtime call. The mirror image of
/// <see cref="AbiWriter"/>: the same calls in the same order, <c>Read…</c> for <c>Write…</c>. A ref struct over the
/// input span (pass it by <c>ref</c>); it allocates nothing except the strings and arrays a caller asks for.
/// </summary>
/// <remarks>
/// <para><b>Strict.</b> Only the canonical encoding of the Solidity ABI specification is accepted, so a successful
/// decode re-encodes to exactly the input. Each rule has an <see cref="AbiDecodingError"/>: values with dirty high
/// bits, booleans other than 0/1, non-zero padding, offsets out of range, misaligned or not where the canonical layout
/// puts them (no gaps, overlaps or aliasing), lengths larger than the remaining data (checked before anything is
/// allocated), truncation, invalid UTF-8, and — through <see cref="EnsureFullyConsumed"/> — trailing data. Bad data
/// always raises <see cref="AbiDecodingException"/> with the field path (built from the <c>field</c> names given to the
/// calls, and array indices, e.g. <c>outcome[1].balances[0]</c>) and the byte position. After such an exception the
/// reader must not be used further.</para>
/// <para><b>Structure calls</b> (all taking an optional field name for error messages):
/// <see cref="BeginTuple"/>/<see cref="EndTuple"/> for the top-level tuple and dynamic tuples;
/// <see cref="BeginArray"/>/<see cref="EndArray"/> for <c>T[]</c>; <see cref="BeginFixedArray"/>/<see cref="EndFixedArray"/>
/// for a <c>T[k]</c> with a dynamic element type. Static tuples and static <c>T[k]</c> are read inline, value after
/// value; optionally wrap them in <see cref="BeginStaticTuple"/>/<see cref="BeginStaticArray"/> (no effect on the
/// decoding) to get their name and element index into error paths.</para>
/// <para><b>Misuse</b> — reading more head words than declared, closing a tuple before reading its whole head,
/// unbalanced calls, more than <see cref="MaxDepth"/> nested levels — throws <see cref="InvalidOperationException"/>:
/// those are bugs in the caller, not in the data.</para>
/// <example>
/// Decoding <c>abi.encode(AssetOutcome[] outcome)</c>, <c>AssetOutcome = (address asset, uint256[] balances)</c>:
/// <code>
/// var r = new AbiReader(data);
/// r.BeginTuple(1);
/// var n = r.BeginArray(1, "outcome");
/// for (var i = 0; i &lt; n; i++)
/// {
///     r.BeginTuple(2);
///     var asset = r.ReadAddress("asset");
///     var m = r.BeginArray(1, "balances");
///     for (var j = 0; j &lt; m; j++) balances[j] = r.ReadUInt256();
///     r.EndArray();
///     r.EndTuple();
/// }
/// r.EndArray();
/// r.EndTuple();
/// r.EnsureFullyConsumed();   // trailing bytes → AbiDecodingError.TrailingData
/// </code>
/// </example>
/// </remarks>
public ref struct AbiReader
{
    /// <summary>The maximum number of nested structure levels (including the top-level tuple): 32.</summary>
    public const int MaxDepth = 32;

    private const int WordSize = AbiWord.Size;

    private readonly ReadOnlySpan<byte> _data;
    private FrameStack _frames;
    private int _depth;
    private int _start;
    private int _end;
    private bool _rootClosed;

    private enum FrameKind : byte
    {
        Tuple,
        Array,
        FixedArray,
        StaticTuple,
        StaticArray,
    }

    private struct Frame
    {
        public int Start;
        public int HeadPosition;
        public int HeadEnd;
        public int Tail;
        public int ItemPosition;
        public int ElementBytes;
        public FrameKind Kind;
        public string? Name;
    }

    [InlineArray(MaxDepth)]
    private struct FrameStack
    {
        private Frame _element;
    }

    /// <summary>Creates a reader over <paramref name="data"/> (not copied; the spans it returns point into it).</summary>
    public AbiReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _end = -1;
    }

    /// <summary>The number of open structure levels.</summary>
    public readonly int Depth => _depth;

    /// <summary>The length of the input in bytes.</summary>
    public readonly int Length => _data.Length;

    // ---------------------------------------------------------------- structure

    /// <summary>
    /// Reads the 4-byte function selector at the start of calldata. Only valid before the top-level
    /// <see cref="BeginTuple"/>; the arguments' offsets then count from byte 4.
    /// </summary>
    /// <returns>The 4 selector bytes (a slice of the input).</returns>
    /// <exception cref="AbiDecodingException">The data is shorter than 4 bytes (<see cref="AbiDecodingError.Truncated"/>).</exception>
    /// <exception cref="InvalidOperationException">The selector or the top-level tuple was already read.</exception>
    public ReadOnlySpan<byte> ReadSelector()
    {
        if (_depth != 0 || _rootClosed || _start != 0)
        {
            throw new InvalidOperationException("The selector must be read first, before the arguments.");
        }
        if (_data.Length < AbiFunction.SelectorLength)
        {
            throw Fail(AbiDecodingError.Truncated, "selector", 0, $"calldata needs a 4-byte selector, the data has {_data.Length} byte(s).");
        }
        _start = AbiFunction.SelectorLength;
        return _data[..AbiFunction.SelectorLength];
    }

    /// <summary>
    /// Starts a tuple: the top-level tuple (first call), or a dynamic tuple member (reads and validates its offset). The
    /// same <paramref name="headWords"/> as <see cref="AbiWriter.BeginTuple"/>. Close with <see cref="EndTuple"/>.
    /// </summary>
    /// <param name="headWords">The tuple's head size in words (1 per dynamic member, the static size of each static one). At least 1.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The offset is invalid, or the data ends inside the head.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="headWords"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Misuse: the top level was already read, the enclosing head is exhausted or static, or nesting exceeds <see cref="MaxDepth"/>.</exception>
    public void BeginTuple(int headWords, string? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(headWords, 1);
        int start;
        if (_depth == 0)
        {
            if (_rootClosed)
            {
                throw new InvalidOperationException("The top-level tuple was already read.");
            }
            start = _start;
        }
        else
        {
            start = ReadOffset(field);
        }
        var headEnd = start + (long)headWords * WordSize;
        if (headEnd > _data.Length)
        {
            throw Fail(AbiDecodingError.Truncated, field, start,
                $"the tuple's head needs {headWords} word(s) from byte {start}, but the data ends at byte {_data.Length}.");
        }
        Push(FrameKind.Tuple, start, (int)headEnd, WordSize, field);
    }

    /// <summary>Closes the tuple opened by the matching <see cref="BeginTuple"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not a tuple, or its head was not read entirely.</exception>
    public void EndTuple() => Pop(FrameKind.Tuple);

    /// <summary>
    /// Starts a dynamic-length array member <c>T[]</c>: validates its offset and length and returns the length. Then read
    /// each element's head part, and close with <see cref="EndArray"/>.
    /// </summary>
    /// <param name="elementHeadWords">1 if the element type is dynamic, else its static size in words. At least 1.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <returns>The number of elements; the data is guaranteed to hold all their heads.</returns>
    /// <exception cref="AbiDecodingException">The offset is invalid, the length word is missing, or the length exceeds what the data can hold.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementHeadWords"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, the enclosing head is exhausted or static, or nesting exceeds <see cref="MaxDepth"/>.</exception>
    public int BeginArray(int elementHeadWords, string? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elementHeadWords, 1);
        var target = ReadOffset(field);
        var length = ReadLength(target, field, elementHeadWords * (long)WordSize, out var contentStart);
        Push(FrameKind.Array, contentStart, contentStart + length * elementHeadWords * WordSize, elementHeadWords * WordSize, field);
        return length;
    }

    /// <summary>Closes the array opened by the matching <see cref="BeginArray"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not such an array, or not all elements were read.</exception>
    public void EndArray() => Pop(FrameKind.Array);

    /// <summary>
    /// Starts a fixed-length array member <c>T[k]</c> whose element type is dynamic (validates its offset); then read the
    /// <paramref name="length"/> elements and close with <see cref="EndFixedArray"/>. A static <c>T[k]</c> is read inline
    /// (optionally inside <see cref="BeginStaticArray"/>).
    /// </summary>
    /// <param name="length">k, at least 1.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The offset is invalid, or the data ends inside the elements' heads.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Misuse (see <see cref="BeginTuple"/>).</exception>
    public void BeginFixedArray(int length, string? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var start = ReadOffset(field);
        var headEnd = start + (long)length * WordSize;
        if (headEnd > _data.Length)
        {
            throw Fail(AbiDecodingError.Truncated, field, start,
                $"the array's {length} element head(s) need {length * (long)WordSize} bytes from byte {start}, but the data ends at byte {_data.Length}.");
        }
        Push(FrameKind.FixedArray, start, (int)headEnd, WordSize, field);
    }

    /// <summary>Closes the array opened by the matching <see cref="BeginFixedArray"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not such an array, or not all elements were read.</exception>
    public void EndFixedArray() => Pop(FrameKind.FixedArray);

    /// <summary>
    /// Optionally marks a static tuple member (read inline) so that its name appears in error paths. Does not read
    /// anything; <see cref="EndStaticTuple"/> checks that exactly <paramref name="headWords"/> words were read.
    /// </summary>
    /// <param name="headWords">The static tuple's size in words; at least 1.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or the enclosing head has fewer than <paramref name="headWords"/> words left.</exception>
    public void BeginStaticTuple(int headWords, string? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(headWords, 1);
        var start = TakeHead(headWords * (long)WordSize);
        Push(FrameKind.StaticTuple, start, start + headWords * WordSize, headWords * WordSize, field);
    }

    /// <summary>Closes the scope opened by <see cref="BeginStaticTuple"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not a static tuple scope, or not all of it was read.</exception>
    public void EndStaticTuple() => Pop(FrameKind.StaticTuple);

    /// <summary>
    /// Optionally marks a static <c>T[k]</c> member (read inline) so that its name and element indices appear in error
    /// paths (e.g. <c>board[4]</c>). Does not read anything; <see cref="EndStaticArray"/> checks that all elements were read.
    /// </summary>
    /// <param name="length">k, at least 1.</param>
    /// <param name="elementHeadWords">The element type's static size in words; at least 1.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or the enclosing head has too few words left.</exception>
    public void BeginStaticArray(int length, int elementHeadWords, string? field = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(elementHeadWords, 1);
        var bytes = (long)length * elementHeadWords * WordSize;
        var start = TakeHead(bytes);
        Push(FrameKind.StaticArray, start, (int)(start + bytes), elementHeadWords * WordSize, field);
    }

    /// <summary>Closes the scope opened by <see cref="BeginStaticArray"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not a static array scope, or not all of it was read.</exception>
    public void EndStaticArray() => Pop(FrameKind.StaticArray);

    /// <summary>
    /// Checks that the top-level tuple has been read and that nothing follows its encoding (the strict end check).
    /// </summary>
    /// <exception cref="AbiDecodingException">Bytes follow the encoding (<see cref="AbiDecodingError.TrailingData"/>).</exception>
    /// <exception cref="InvalidOperationException">The top-level tuple was not read and closed.</exception>
    public readonly void EnsureFullyConsumed()
    {
        if (!_rootClosed || _depth != 0)
        {
            throw new InvalidOperationException("EnsureFullyConsumed() is called after the top-level tuple has been read and closed.");
        }
        if (_end != _data.Length)
        {
            throw new AbiDecodingException(AbiDecodingError.TrailingData, "", _end,
                $"the encoding ends at byte {_end} but the data has {_data.Length} bytes ({_data.Length - _end} trailing).");
        }
    }

    // ---------------------------------------------------------------- static values

    /// <summary>Reads a <c>uint8</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">Bits above bit 8 are set (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public byte ReadUInt8(string? field = null) => (byte)ReadUInt(8, field);

    /// <summary>Reads a <c>uint16</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">Bits above bit 16 are set (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public ushort ReadUInt16(string? field = null) => (ushort)ReadUInt(16, field);

    /// <summary>Reads a <c>uint32</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">Bits above bit 32 are set (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public uint ReadUInt32(string? field = null) => (uint)ReadUInt(32, field);

    /// <summary>Reads a <c>uint64</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">Bits above bit 64 are set (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public ulong ReadUInt64(string? field = null) => ReadUInt(64, field);

    /// <summary>Reads a <c>uint&lt;M&gt;</c> with M ≤ 64 (e.g. <c>uint48</c> for a <c>turnNum</c>).</summary>
    /// <param name="bits">M: 8 to 64, a multiple of 8.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">Bits above bit M are set (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 to 64 in steps of 8.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public ulong ReadUInt(int bits, string? field = null)
    {
        CheckBits(bits, 64);
        var position = NextHeadWord(out var word);
        if (!AbiWord.IsCleanUnsigned(word, bits))
        {
            throw Fail(AbiDecodingError.DirtyHighBits, field, position, $"a uint{bits} has non-zero bits above bit {bits}.");
        }
        return BinaryPrimitives.ReadUInt64BigEndian(word[24..]);
    }

    /// <summary>Reads a <c>uint256</c> (every 32-byte word is valid).</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public UInt256 ReadUInt256(string? field = null)
    {
        NextHeadWord(out var word);
        return UInt256.ReadBigEndian(word);
    }

    /// <summary>Reads a <c>uint&lt;M&gt;</c> of any width into a <see cref="UInt256"/>, checking the high bits.</summary>
    /// <param name="bits">M: 8 to 256, a multiple of 8.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">Bits above bit M are set (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 to 256 in steps of 8.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public UInt256 ReadUInt256(int bits, string? field = null)
    {
        CheckBits(bits, 256);
        var position = NextHeadWord(out var word);
        if (!AbiWord.IsCleanUnsigned(word, bits))
        {
            throw Fail(AbiDecodingError.DirtyHighBits, field, position, $"a uint{bits} has non-zero bits above bit {bits}.");
        }
        return UInt256.ReadBigEndian(word);
    }

    /// <summary>Reads a <c>uint&lt;M&gt;</c> of any width as a <see cref="BigInteger"/> (for tools; generated code uses the typed reads).</summary>
    /// <param name="bits">M: 8 to 256, a multiple of 8.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">Bits above bit M are set (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 to 256 in steps of 8.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public BigInteger ReadUIntAsBigInteger(int bits, string? field = null) => bits <= 64 ? ReadUInt(bits, field) : ReadUInt256(bits, field);

    /// <summary>Reads an <c>int&lt;M&gt;</c> of any width as a <see cref="BigInteger"/> (for tools; generated code uses the typed reads).</summary>
    /// <param name="bits">M: 8 to 256, a multiple of 8.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The word is not the sign extension of an M-bit value (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 to 256 in steps of 8.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public BigInteger ReadIntAsBigInteger(int bits, string? field = null)
    {
        CheckBits(bits, 256);
        if (bits <= 64)
        {
            return ReadInt(bits, field);
        }
        var position = NextHeadWord(out var word);
        if (!AbiWord.IsCleanSigned(word, bits))
        {
            throw Fail(AbiDecodingError.DirtyHighBits, field, position, $"an int{bits} is not sign-extended from bit {bits - 1}.");
        }
        return new BigInteger(word, isUnsigned: false, isBigEndian: true);
    }

    /// <summary>Reads an <c>int8</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The word is not the sign extension of an 8-bit value (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public sbyte ReadInt8(string? field = null) => (sbyte)ReadInt(8, field);

    /// <summary>Reads an <c>int16</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The word is not the sign extension of a 16-bit value (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public short ReadInt16(string? field = null) => (short)ReadInt(16, field);

    /// <summary>Reads an <c>int32</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The word is not the sign extension of a 32-bit value (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public int ReadInt32(string? field = null) => (int)ReadInt(32, field);

    /// <summary>Reads an <c>int64</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The word is not the sign extension of a 64-bit value (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public long ReadInt64(string? field = null) => ReadInt(64, field);

    /// <summary>Reads an <c>int&lt;M&gt;</c> with M ≤ 64.</summary>
    /// <param name="bits">M: 8 to 64, a multiple of 8.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The word is not the sign extension of an M-bit value (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 to 64 in steps of 8.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public long ReadInt(int bits, string? field = null)
    {
        CheckBits(bits, 64);
        var position = NextHeadWord(out var word);
        if (!AbiWord.IsCleanSigned(word, bits))
        {
            throw Fail(AbiDecodingError.DirtyHighBits, field, position, $"an int{bits} is not sign-extended from bit {bits - 1}.");
        }
        return BinaryPrimitives.ReadInt64BigEndian(word[24..]);
    }

    /// <summary>Reads a <c>bool</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The word is neither 0 nor 1 (<see cref="AbiDecodingError.InvalidBool"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public bool ReadBool(string? field = null)
    {
        var position = NextHeadWord(out var word);
        if (word[..31].IndexOfAnyExcept((byte)0) >= 0 || word[31] > 1)
        {
            throw Fail(AbiDecodingError.InvalidBool, field, position, "a bool must be the word 0 or 1.");
        }
        return word[31] == 1;
    }

    /// <summary>Reads an <c>address</c>.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">The top 12 bytes are not zero (<see cref="AbiDecodingError.DirtyHighBits"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public Address ReadAddress(string? field = null)
    {
        var position = NextHeadWord(out var word);
        if (word[..12].IndexOfAnyExcept((byte)0) >= 0)
        {
            throw Fail(AbiDecodingError.DirtyHighBits, field, position, "an address must have 12 zero bytes before its 20 bytes.");
        }
        return new Address(word[12..]);
    }

    /// <summary>Reads a <c>bytes32</c> (every word is valid).</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public Bytes32 ReadBytes32(string? field = null)
    {
        NextHeadWord(out var word);
        return new Bytes32(word);
    }

    /// <summary>Reads a <c>bytes&lt;M&gt;</c>, M = <paramref name="length"/>, checking that the 32 − M padding bytes are zero.</summary>
    /// <param name="length">M: 1 to 32.</param>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <returns>The M bytes (a slice of the input).</returns>
    /// <exception cref="AbiDecodingException">The padding is not zero (<see cref="AbiDecodingError.NonZeroPadding"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not 1 to 32.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public ReadOnlySpan<byte> ReadFixedBytes(int length, string? field = null)
    {
        if (length is < 1 or > WordSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "M of bytes<M> must be 1 to 32.");
        }
        var position = NextHeadWord(out var word);
        if (word[length..].IndexOfAnyExcept((byte)0) >= 0)
        {
            throw Fail(AbiDecodingError.NonZeroPadding, field, position, $"a bytes{length} must be followed by {WordSize - length} zero byte(s).");
        }
        return word[..length];
    }

    /// <summary>Reads one raw 32-byte word from the head, unchecked (e.g. an <c>int&lt;M&gt;</c> wider than 64 bits, to be checked by the caller).</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <returns>The 32 bytes (a slice of the input).</returns>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted.</exception>
    public ReadOnlySpan<byte> ReadWord(string? field = null)
    {
        NextHeadWord(out var word);
        return word;
    }

    // ---------------------------------------------------------------- dynamic leaves

    /// <summary>Reads a <c>bytes</c> member (validates offset, length and zero padding).</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <returns>The content (a slice of the input; copy it with <c>ToArray()</c> to keep it).</returns>
    /// <exception cref="AbiDecodingException">The offset, length or padding is invalid, or the data is truncated.</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted or static.</exception>
    public ReadOnlySpan<byte> ReadBytes(string? field = null)
    {
        var target = ReadOffset(field);
        var length = ReadLength(target, field, 1, out var contentStart);
        var padded = AbiWriter.PaddedLength(length);
        if ((long)contentStart + padded > _data.Length)
        {
            throw Fail(AbiDecodingError.Truncated, field, contentStart,
                $"{length} content byte(s) padded to {padded} need the data to reach byte {contentStart + (long)padded}, but it ends at byte {_data.Length}.");
        }
        var padding = _data.Slice(contentStart + length, padded - length);
        if (padding.IndexOfAnyExcept((byte)0) >= 0)
        {
            throw Fail(AbiDecodingError.NonZeroPadding, field, contentStart + length, "the padding after bytes/string content must be zero.");
        }
        _frames[_depth - 1].Tail = contentStart + padded;
        return _data.Slice(contentStart, length);
    }

    /// <summary>Reads a <c>string</c> member: as <see cref="ReadBytes"/>, then strict UTF-8 decoding.</summary>
    /// <param name="field">The member's name for error paths, or null.</param>
    /// <exception cref="AbiDecodingException">As <see cref="ReadBytes"/>, or the content is not valid UTF-8 (<see cref="AbiDecodingError.InvalidUtf8"/>).</exception>
    /// <exception cref="InvalidOperationException">Misuse: no tuple is open, or its head is exhausted or static.</exception>
    public string ReadString(string? field = null)
    {
        var bytes = ReadBytes(field);
        if (!Utf8.IsValid(bytes))
        {
            throw Fail(AbiDecodingError.InvalidUtf8, field, _frames[_depth - 1].Tail - AbiWriter.PaddedLength(bytes.Length), "the string is not well-formed UTF-8.");
        }
        return Encoding.UTF8.GetString(bytes);
    }

    // ---------------------------------------------------------------- internals

    private static void CheckBits(int bits, int max)
    {
        if (bits is < 8 || bits > max || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"M must be 8 to {max}, a multiple of 8.");
        }
    }

    private int NextHeadWord(out ReadOnlySpan<byte> word)
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No tuple is open: start the top-level tuple with BeginTuple(headWords) first.");
        }
        ref var frame = ref _frames[_depth - 1];
        if (frame.HeadPosition + WordSize > frame.HeadEnd)
        {
            throw new InvalidOperationException("More values were read than the open tuple or array's head size declared.");
        }
        var position = frame.HeadPosition;
        frame.ItemPosition = position;
        frame.HeadPosition += WordSize;
        word = _data.Slice(position, WordSize);
        return position;
    }

    private int TakeHead(long bytes)
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No tuple is open: start the top-level tuple with BeginTuple(headWords) first.");
        }
        ref var frame = ref _frames[_depth - 1];
        if (frame.HeadPosition + bytes > frame.HeadEnd)
        {
            throw new InvalidOperationException("The static member is larger than what is left of the open tuple or array's head.");
        }
        var position = frame.HeadPosition;
        frame.ItemPosition = position;
        frame.HeadPosition += (int)bytes;
        return position;
    }

    /// <summary>Reads an offset word from the current head and validates it; returns the absolute position it points to.</summary>
    private int ReadOffset(string? field)
    {
        if (_depth > 0 && _frames[_depth - 1].Kind is FrameKind.StaticTuple or FrameKind.StaticArray)
        {
            throw new InvalidOperationException("A static tuple or array cannot contain a dynamic member.");
        }
        var position = NextHeadWord(out var word);
        ref var parent = ref _frames[_depth - 1];
        var offset = BinaryPrimitives.ReadUInt32BigEndian(word[28..]);
        var target = parent.Start + (long)offset;
        if (word[..28].IndexOfAnyExcept((byte)0) >= 0 || target >= _data.Length)
        {
            throw Fail(AbiDecodingError.OffsetOutOfRange, field, position,
                $"the offset 0x{HexWord(word)} from byte {parent.Start} points beyond the data ({_data.Length} bytes).");
        }
        if (offset % WordSize != 0)
        {
            throw Fail(AbiDecodingError.MisalignedOffset, field, position, $"the offset {offset} is not a multiple of 32.");
        }
        if (target != parent.Tail)
        {
            throw Fail(AbiDecodingError.NonCanonicalOffset, field, position,
                $"the offset {offset} points to byte {target}, but the canonical encoding puts this member at byte {parent.Tail}.");
        }
        return (int)target;
    }

    /// <summary>Reads the length word at <paramref name="target"/> and checks that the data can hold that many items of <paramref name="bytesPerItem"/> bytes.</summary>
    private readonly int ReadLength(int target, string? field, long bytesPerItem, out int contentStart)
    {
        if ((long)target + WordSize > _data.Length)
        {
            throw Fail(AbiDecodingError.Truncated, field, target, $"the length word at byte {target} is cut off by the end of the data ({_data.Length} bytes).");
        }
        var word = _data.Slice(target, WordSize);
        contentStart = target + WordSize;
        var available = (_data.Length - contentStart) / bytesPerItem;
        var length = BinaryPrimitives.ReadUInt64BigEndian(word[24..]);
        if (word[..24].IndexOfAnyExcept((byte)0) >= 0 || length > (ulong)available)
        {
            throw Fail(AbiDecodingError.LengthOutOfRange, field, target,
                $"the length 0x{HexWord(word)} exceeds what the remaining {_data.Length - contentStart} byte(s) can hold ({available} item(s) of {bytesPerItem} byte(s)).");
        }
        return (int)length;
    }

    private void Push(FrameKind kind, int start, int headEnd, int elementBytes, string? name)
    {
        if (_depth == MaxDepth)
        {
            throw new InvalidOperationException($"ABI values nested more than {MaxDepth} levels deep are not supported.");
        }
        _frames[_depth++] = new Frame
        {
            Start = start,
            HeadPosition = start,
            HeadEnd = headEnd,
            Tail = headEnd,
            ItemPosition = -1,
            ElementBytes = elementBytes,
            Kind = kind,
            Name = name,
        };
    }

    private void Pop(FrameKind kind)
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException($"End{kind}() without a matching Begin{kind}().");
        }
        ref var frame = ref _frames[_depth - 1];
        if (frame.Kind != kind)
        {
            throw new InvalidOperationException($"End{kind}() called while the innermost open item is a {frame.Kind}.");
        }
        if (frame.HeadPosition != frame.HeadEnd)
        {
            throw new InvalidOperationException($"The {kind} was closed before all of its head was read.");
        }
        var tail = frame.Tail;
        _depth--;
        if (_depth == 0)
        {
            _rootClosed = true;
            _end = tail;
        }
        else if (kind is FrameKind.Tuple or FrameKind.Array or FrameKind.FixedArray)
        {
            _frames[_depth - 1].Tail = tail;
        }
    }

    private static string HexWord(ReadOnlySpan<byte> word)
    {
        var hex = Convert.ToHexStringLower(word).TrimStart('0');
        return hex.Length == 0 ? "0" : hex;
    }

    private readonly AbiDecodingException Fail(AbiDecodingError reason, string? field, long position, string detail) =>
        new(reason, Path(field), (int)Math.Min(position, int.MaxValue), detail);

    private readonly string Path(string? leaf)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _depth; i++)
        {
            var frame = _frames[i];
            if (frame.Name is not null)
            {
                AppendName(builder, frame.Name);
            }
            if (frame.Kind is FrameKind.Array or FrameKind.FixedArray or FrameKind.StaticArray && frame.ItemPosition >= frame.Start)
            {
                builder.Append('[').Append((frame.ItemPosition - frame.Start) / frame.ElementBytes).Append(']');
            }
        }
        if (leaf is not null)
        {
            AppendName(builder, leaf);
        }
        return builder.ToString();
    }

    private static void AppendName(StringBuilder builder, string name)
    {
        if (builder.Length > 0 && !name.StartsWith('['))
        {
            builder.Append('.');
        }
        builder.Append(name);
    }
}
