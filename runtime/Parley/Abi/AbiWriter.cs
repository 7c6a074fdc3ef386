using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Parley.Abi;

/// <summary>
/// Writes the Solidity ABI encoding (<c>abi.encode</c>; the argument part of calldata) of values whose types the caller
/// knows statically — the encoder Parley's generated code and runtime call. It follows the head/tail layout of the
/// Solidity ABI specification (docs.soliditylang.org, "Contract ABI Specification", "Formal Specification of the
/// Encoding") exactly, and writes into one growable buffer without other allocations.
/// </summary>
/// <remarks>
/// <para><b>Model.</b> The encoding of a tuple <c>(T1, …, Tk)</c> is its <em>head</em> — one part per member, the
/// member's encoding if it is static, else a 32-byte offset (from the start of the tuple's encoding) to the member's
/// encoding — followed by the <em>tails</em>, the encodings of the dynamic members in member order. The writer keeps a
/// stack of open tuples. <see cref="BeginTuple"/> reserves the whole head (its size in 32-byte words is known
/// statically: 1 word per dynamic member, the full size of each static member); static values are then written into the
/// head in member order, and each dynamic member writes its offset into the head and appends its encoding at the end of
/// the buffer, immediately and depth-first, which is exactly where the canonical layout puts it.</para>
/// <para><b>Static members</b> (<c>uint&lt;M&gt;</c>, <c>int&lt;M&gt;</c>, <c>address</c>, <c>bool</c>,
/// <c>bytes&lt;M&gt;</c>, and tuples and <c>T[k]</c> made only of static types) are written inline with the
/// <c>Write…</c> methods below, field after field, element after element: a static tuple or array needs no
/// <c>Begin</c>/<c>End</c> call.</para>
/// <para><b>Dynamic members</b>: <see cref="WriteBytes"/> and <see cref="WriteString(string)"/> for <c>bytes</c> and
/// <c>string</c>; <see cref="BeginArray"/>…<see cref="EndArray"/> for <c>T[]</c>; <see cref="BeginTuple"/>…
/// <see cref="EndTuple"/> for a dynamic tuple; <see cref="BeginFixedArray"/>…<see cref="EndFixedArray"/> for a
/// <c>T[k]</c> whose element type is dynamic. Inside them, each element's head part is written in turn (one offset word
/// per dynamic element).</para>
/// <para><b>Top level.</b> <c>abi.encode(a, b, c)</c> is the encoding of the tuple <c>(a, b, c)</c>: start with
/// <c>BeginTuple(headWords)</c> and end with <c>EndTuple()</c>. So <c>abi.encode(x)</c> for one dynamic <c>x</c>
/// begins with the offset word <c>0x20</c>. For calldata, call <see cref="WriteSelector"/> first.</para>
/// <example>
/// <c>abi.encode(uint256 a, bytes b, (address,uint256[])[] c)</c>:
/// <code>
/// var w = new AbiWriter();
/// w.BeginTuple(3);            // head: a, offset of b, offset of c
/// w.WriteUInt256(a);
/// w.WriteBytes(b);
/// w.BeginArray(c.Length, 1);  // elements are dynamic tuples: one offset word each
/// foreach (var e in c)
/// {
///     w.BeginTuple(2);        // (address, uint256[])
///     w.WriteAddress(e.Asset);
///     w.BeginArray(e.Balances.Length, 1);
///     foreach (var x in e.Balances) w.WriteUInt256(x);
///     w.EndArray();
///     w.EndTuple();
/// }
/// w.EndArray();
/// w.EndTuple();
/// byte[] encoded = w.ToArray();
/// </code>
/// </example>
/// <para><b>Misuse</b> — writing more head parts than a tuple declared, ending a tuple whose head is not complete,
/// unbalanced <c>Begin</c>/<c>End</c> calls, writing a value outside any tuple — throws
/// <see cref="InvalidOperationException"/>; these are bugs in the caller, never data errors. A writer is not
/// thread-safe; <see cref="Reset"/> makes it reusable.</para>
/// <para>Like <c>System.Text.Json</c>'s <c>Utf8JsonWriter</c>/<c>Utf8JsonReader</c> pair, the writer is a class (pass
/// it around by reference) and <see cref="AbiReader"/> a ref struct (pass it by <c>ref</c>).</para>
/// </remarks>
public sealed class AbiWriter
{
    /// <summary>The size of an ABI word in bytes: 32.</summary>
    public const int WordSize = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer;
    private int _length;
    private Frame[] _frames = new Frame[8];
    private int _depth;
    private bool _rootClosed;

    private enum FrameKind : byte
    {
        Tuple,
        Array,
        FixedArray,
    }

    private struct Frame
    {
        public int Start;
        public int HeadPosition;
        public int HeadEnd;
        public FrameKind Kind;
    }

    /// <summary>Creates a writer with a 256-byte initial buffer (it grows as needed).</summary>
    public AbiWriter()
        : this(256)
    {
    }

    /// <summary>Creates a writer with the given initial buffer capacity in bytes (it grows as needed).</summary>
    /// <param name="initialCapacity">The initial capacity in bytes; at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapacity"/> is negative.</exception>
    public AbiWriter(int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buffer = initialCapacity == 0 ? [] : new byte[initialCapacity];
    }

    /// <summary>The number of bytes written so far (reserved head words count as written).</summary>
    public int Length => _length;

    /// <summary>The number of open tuples and arrays (0 before <see cref="BeginTuple"/> and after the last <c>End…</c>).</summary>
    public int Depth => _depth;

    /// <summary>
    /// The bytes written so far, without copying. Valid until the next write or <see cref="Reset"/>. Complete once
    /// <see cref="Depth"/> is back to 0.
    /// </summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The bytes written so far, without copying. Valid until the next write or <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>A copy of the finished encoding.</summary>
    /// <exception cref="InvalidOperationException">A tuple or array is still open.</exception>
    public byte[] ToArray()
    {
        if (_depth != 0)
        {
            throw new InvalidOperationException($"The encoding is not finished: {_depth} tuple(s) or array(s) are still open.");
        }
        return WrittenSpan.ToArray();
    }

    /// <summary>Forgets everything written, keeping the buffer, so the writer can encode another value.</summary>
    public void Reset()
    {
        _length = 0;
        _depth = 0;
        _rootClosed = false;
    }

    // ---------------------------------------------------------------- structure

    /// <summary>
    /// Writes a 4-byte function selector (see <see cref="AbiFunction.Selector(string)"/>) before the arguments, to
    /// produce calldata. Only valid before the top-level <see cref="BeginTuple"/>.
    /// </summary>
    /// <param name="selector">Exactly 4 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="selector"/> is not 4 bytes long.</exception>
    /// <exception cref="InvalidOperationException">Something has already been written.</exception>
    public void WriteSelector(ReadOnlySpan<byte> selector)
    {
        if (selector.Length != AbiFunction.SelectorLength)
        {
            throw new ArgumentException($"A selector is {AbiFunction.SelectorLength} bytes, got {selector.Length}.", nameof(selector));
        }
        if (_length != 0)
        {
            throw new InvalidOperationException("The selector must be written first, before the arguments.");
        }
        selector.CopyTo(Append(AbiFunction.SelectorLength));
    }

    /// <summary>
    /// Starts a tuple: the top-level tuple of an <c>abi.encode</c> (or of calldata arguments), or a dynamic tuple
    /// member (then its offset is written into the enclosing head first). Reserves the tuple's head:
    /// <paramref name="headWords"/> 32-byte words. Close with <see cref="EndTuple"/>.
    /// </summary>
    /// <param name="headWords">
    /// The size of the tuple's head in words: for each member, 1 if it is dynamic, else its static size in words (1 for
    /// every elementary static type, the sum over the members for a static tuple, <c>k</c> × the element's size for a
    /// static <c>T[k]</c>). At least 1.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="headWords"/> is less than 1 or absurdly large.</exception>
    /// <exception cref="InvalidOperationException">The top-level tuple was already closed, or the enclosing head is full.</exception>
    public void BeginTuple(int headWords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(headWords, 1);
        if (_depth == 0)
        {
            if (_rootClosed)
            {
                throw new InvalidOperationException("The top-level tuple is already closed; call Reset() to encode another value.");
            }
        }
        else
        {
            WriteOffsetToEnd();
        }
        Push(FrameKind.Tuple, HeadBytes(headWords, 1));
    }

    /// <summary>Closes the tuple opened by the matching <see cref="BeginTuple"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not a tuple, or its head is incomplete.</exception>
    public void EndTuple() => Pop(FrameKind.Tuple);

    /// <summary>
    /// Starts a dynamic-length array member <c>T[]</c> of <paramref name="length"/> elements: writes its offset into the
    /// enclosing head, appends the length word, and reserves the elements' heads (<paramref name="length"/> ×
    /// <paramref name="elementHeadWords"/> words). Then write each element's head part (its value if static, or its
    /// dynamic encoding, which writes an offset), and close with <see cref="EndArray"/>.
    /// </summary>
    /// <param name="length">The number of elements; at least 0.</param>
    /// <param name="elementHeadWords">1 if the element type is dynamic, else its static size in words. At least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or the head would be absurdly large.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or the enclosing head is full.</exception>
    public void BeginArray(int length, int elementHeadWords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(elementHeadWords, 1);
        var headBytes = HeadBytes(length, elementHeadWords);
        WriteOffsetToEnd();
        WriteUInt64Word(Append(WordSize), (ulong)length);
        Push(FrameKind.Array, headBytes);
    }

    /// <summary>Closes the array opened by the matching <see cref="BeginArray"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not such an array, or not all elements were written.</exception>
    public void EndArray() => Pop(FrameKind.Array);

    /// <summary>
    /// Starts a fixed-length array member <c>T[k]</c> whose element type is <em>dynamic</em> (encoded like a tuple of k
    /// members: an offset into the enclosing head, then the elements' heads and tails; no length word). A static
    /// <c>T[k]</c> needs no call: write its elements inline. Close with <see cref="EndFixedArray"/>.
    /// </summary>
    /// <param name="length">k, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1 or absurdly large.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or the enclosing head is full.</exception>
    public void BeginFixedArray(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var headBytes = HeadBytes(length, 1);
        WriteOffsetToEnd();
        Push(FrameKind.FixedArray, headBytes);
    }

    /// <summary>Closes the array opened by the matching <see cref="BeginFixedArray"/>.</summary>
    /// <exception cref="InvalidOperationException">The innermost open item is not such an array, or not all elements were written.</exception>
    public void EndFixedArray() => Pop(FrameKind.FixedArray);

    // ---------------------------------------------------------------- static values

    /// <summary>Writes a <c>uint&lt;M&gt;</c> value that fits in 64 bits (any M; for M &lt; 64 the caller's type bounds the value).</summary>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteUInt(ulong value) => WriteUInt64Word(NextHeadWord(), value);

    /// <summary>Writes a <c>uint&lt;<paramref name="bits"/>&gt;</c> value, checking that it fits in that many bits.</summary>
    /// <param name="value">The value.</param>
    /// <param name="bits">M: 8 to 256, a multiple of 8.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a valid M, or <paramref name="value"/> needs more than M bits.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteUInt(ulong value, int bits)
    {
        AbiWord.CheckBits(bits);
        if (bits < 64 && value >> bits != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The value does not fit in uint{bits}.");
        }
        WriteUInt(value);
    }

    /// <summary>Writes a <c>uint256</c> (or any <c>uint&lt;M&gt;</c> whose value the caller has bounded).</summary>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteUInt256(UInt256 value) => value.WriteBigEndian(NextHeadWord());

    /// <summary>Writes an <c>int&lt;M&gt;</c> value that fits in 64 bits: two's complement, sign-extended to 32 bytes.</summary>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteInt(long value)
    {
        var word = NextHeadWord();
        word[..24].Fill(value < 0 ? (byte)0xFF : (byte)0);
        BinaryPrimitives.WriteInt64BigEndian(word[24..], value);
    }

    /// <summary>Writes an <c>int&lt;<paramref name="bits"/>&gt;</c> value, checking that it fits in that many bits.</summary>
    /// <param name="value">The value.</param>
    /// <param name="bits">M: 8 to 256, a multiple of 8.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a valid M, or <paramref name="value"/> is outside −2^(M−1) … 2^(M−1) − 1.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteInt(long value, int bits)
    {
        AbiWord.CheckBits(bits);
        if (bits < 64 && (value >> (bits - 1) is not (0 or -1)))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The value does not fit in int{bits}.");
        }
        WriteInt(value);
    }

    /// <summary>Writes a <c>uint&lt;<paramref name="bits"/>&gt;</c> given as a <see cref="BigInteger"/>, checking its range (for tools; generated code uses the typed writes).</summary>
    /// <param name="value">0 … 2^M − 1.</param>
    /// <param name="bits">M: 8 to 256, a multiple of 8.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a valid M, or <paramref name="value"/> is outside 0 … 2^M − 1.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteUInt(BigInteger value, int bits)
    {
        AbiWord.CheckBits(bits);
        if (value.Sign < 0 || value.GetBitLength() > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The value does not fit in uint{bits}.");
        }
        WriteUInt256((UInt256)value);
    }

    /// <summary>Writes an <c>int&lt;<paramref name="bits"/>&gt;</c> given as a <see cref="BigInteger"/>, checking its range (for tools; generated code uses the typed writes).</summary>
    /// <param name="value">−2^(M−1) … 2^(M−1) − 1.</param>
    /// <param name="bits">M: 8 to 256, a multiple of 8.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not a valid M, or <paramref name="value"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteInt(BigInteger value, int bits)
    {
        AbiWord.CheckBits(bits);
        // GetBitLength of a two's-complement value excludes the sign bit.
        if (value.GetBitLength() > bits - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The value does not fit in int{bits}.");
        }
        var word = NextHeadWord();
        word.Fill(value.Sign < 0 ? (byte)0xFF : (byte)0);
        var count = value.GetByteCount();
        value.TryWriteBytes(word[(WordSize - count)..], out _, isUnsigned: false, isBigEndian: true);
    }

    /// <summary>Writes a <c>bool</c>: the word 0 or 1.</summary>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteBool(bool value) => WriteUInt64Word(NextHeadWord(), value ? 1UL : 0UL);

    /// <summary>Writes an <c>address</c>: 12 zero bytes, then the 20 address bytes.</summary>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteAddress(Address value)
    {
        var word = NextHeadWord();
        word[..12].Clear();
        value.CopyTo(word[12..]);
    }

    /// <summary>Writes a <c>bytes32</c>: the 32 bytes as they are.</summary>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteBytes32(Bytes32 value) => value.CopyTo(NextHeadWord());

    /// <summary>
    /// Writes a <c>bytes&lt;M&gt;</c> with M = <paramref name="value"/>.Length: the bytes left-aligned, then 32 − M zero
    /// bytes.
    /// </summary>
    /// <param name="value">1 to 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or longer than 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteFixedBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length is < 1 or > WordSize)
        {
            throw new ArgumentException($"bytes<M> has 1 to 32 bytes, got {value.Length}.", nameof(value));
        }
        var word = NextHeadWord();
        value.CopyTo(word);
        word[value.Length..].Clear();
    }

    /// <summary>
    /// Writes one raw 32-byte word into the head (for example an <c>int&lt;M&gt;</c> wider than 64 bits, already in
    /// two's complement). No check is made on the content.
    /// </summary>
    /// <param name="word">Exactly 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="word"/> is not 32 bytes long.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteWord(ReadOnlySpan<byte> word)
    {
        if (word.Length != WordSize)
        {
            throw new ArgumentException($"A word is {WordSize} bytes, got {word.Length}.", nameof(word));
        }
        word.CopyTo(NextHeadWord());
    }

    // ---------------------------------------------------------------- dynamic leaves

    /// <summary>
    /// Writes a <c>bytes</c> member: its offset into the head, then, at the end, the length word and the content
    /// zero-padded to a multiple of 32 bytes.
    /// </summary>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteOffsetToEnd();
        WriteUInt64Word(Append(WordSize), (ulong)value.Length);
        var padded = PaddedLength(value.Length);
        var destination = Append(padded);
        value.CopyTo(destination);
        destination[value.Length..].Clear();
    }

    /// <summary>Writes a <c>string</c> member: as <see cref="WriteBytes"/> with the string's UTF-8 encoding (no BOM).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> contains an unpaired surrogate (it has no UTF-8 encoding).</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteString(value.AsSpan());
    }

    /// <summary>Writes a <c>string</c> member: as <see cref="WriteBytes"/> with the text's UTF-8 encoding (no BOM).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> contains an unpaired surrogate (it has no UTF-8 encoding).</exception>
    /// <exception cref="InvalidOperationException">No tuple is open, or its head is full.</exception>
    public void WriteString(ReadOnlySpan<char> value)
    {
        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string contains an unpaired UTF-16 surrogate, so it has no UTF-8 encoding.", nameof(value), e);
        }
        WriteOffsetToEnd();
        WriteUInt64Word(Append(WordSize), (ulong)byteCount);
        var destination = Append(PaddedLength(byteCount));
        var written = StrictUtf8.GetBytes(value, destination);
        destination[written..].Clear();
    }

    // ---------------------------------------------------------------- internals

    internal static int PaddedLength(int length) => (int)(((long)length + WordSize - 1) / WordSize * WordSize);

    private static int HeadBytes(int count, int wordsEach)
    {
        var bytes = (long)count * wordsEach * WordSize;
        if (bytes > Array.MaxLength / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The head would be too large to encode.");
        }
        return (int)bytes;
    }

    private static void WriteUInt64Word(Span<byte> word, ulong value)
    {
        word[..24].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(word[24..], value);
    }

    private Span<byte> NextHeadWord()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No tuple is open: start the top-level tuple with BeginTuple(headWords) first.");
        }
        ref var frame = ref _frames[_depth - 1];
        if (frame.HeadPosition + WordSize > frame.HeadEnd)
        {
            throw new InvalidOperationException(
                $"The head of the open {Describe(frame.Kind)} is full ({(frame.HeadEnd - frame.Start) / WordSize} word(s)): more values were written than its head size declared.");
        }
        var position = frame.HeadPosition;
        frame.HeadPosition += WordSize;
        return _buffer.AsSpan(position, WordSize);
    }

    private void WriteOffsetToEnd()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No tuple is open: start the top-level tuple with BeginTuple(headWords) first.");
        }
        var start = _frames[_depth - 1].Start;
        var offset = _length - start;
        WriteUInt64Word(NextHeadWord(), (ulong)offset);
    }

    private void Push(FrameKind kind, int headBytes)
    {
        var start = _length;
        Append(headBytes).Clear();
        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }
        _frames[_depth++] = new Frame { Start = start, HeadPosition = start, HeadEnd = start + headBytes, Kind = kind };
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
            throw new InvalidOperationException($"End{kind}() called while the innermost open item is a {Describe(frame.Kind)}.");
        }
        if (frame.HeadPosition != frame.HeadEnd)
        {
            throw new InvalidOperationException(
                $"The {Describe(kind)} is closed with {(frame.HeadEnd - frame.HeadPosition) / WordSize} of its {(frame.HeadEnd - frame.Start) / WordSize} head word(s) unwritten.");
        }
        _depth--;
        if (_depth == 0)
        {
            _rootClosed = true;
        }
    }

    private static string Describe(FrameKind kind) => kind switch
    {
        FrameKind.Tuple => "tuple",
        FrameKind.Array => "array T[]",
        _ => "fixed array T[k]",
    };

    private Span<byte> Append(int count)
    {
        var needed = (long)_length + count;
        if (needed > _buffer.Length)
        {
            if (needed > Array.MaxLength)
            {
                throw new InvalidOperationException("The encoding would exceed the maximum array length.");
            }
            var capacity = Math.Max(Math.Max(_buffer.Length * 2L, needed), 64);
            Array.Resize(ref _buffer, (int)Math.Min(capacity, Array.MaxLength));
        }
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
