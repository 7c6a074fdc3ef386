using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Parley;

/// <summary>
/// An unsigned 256-bit integer: Solidity's <c>uint256</c>, the type state machines use for balances, amounts and
/// anything that must match the EVM's arithmetic. An immutable value type of four 64-bit limbs (no heap allocation).
/// <c>default(UInt256)</c> is <see cref="Zero"/>.
/// </summary>
/// <remarks>
/// <para><b>Arithmetic.</b> The operators follow C#'s <c>checked</c>/<c>unchecked</c> semantics through C# 11
/// user-defined checked operators, so one expression means the same thing for <see cref="UInt256"/> as for
/// <see cref="ulong"/>: in a <c>checked</c> context (the default inside Parley state machines) <c>+</c>, <c>-</c>,
/// <c>*</c>, <c>++</c> and <c>--</c> throw <see cref="OverflowException"/> exactly where Solidity 0.8 reverts with
/// <c>Panic(0x11)</c>; in an <c>unchecked</c> context they wrap modulo 2^256 as Solidity's <c>unchecked { }</c> blocks
/// and the EVM's <c>ADD</c>/<c>SUB</c>/<c>MUL</c> do. <c>/</c> and <c>%</c> throw <see cref="DivideByZeroException"/>
/// on a zero divisor in both contexts (Solidity reverts with <c>Panic(0x12)</c>; note that the raw EVM <c>DIV</c>
/// would return 0).</para>
/// <para><b>Shifts.</b> C# masks the shift count of its built-in integer types (<c>x &lt;&lt; 256</c> is <c>x</c>
/// for a 256-bit mask). <see cref="UInt256"/> does not: it follows Solidity and the EVM (<c>SHL</c>/<c>SHR</c>, EIP-145),
/// where a shift by 256 or more gives 0. A negative count has no Solidity meaning (Solidity requires an unsigned shift
/// amount) and throws <see cref="ArgumentOutOfRangeException"/>. <c>&gt;&gt;&gt;</c> is the same as <c>&gt;&gt;</c>.</para>
/// <para><b>Conversions.</b> Implicit from every unsigned built-in integer type and <see cref="UInt128"/>; explicit
/// from the signed ones (checked: a negative value throws <see cref="OverflowException"/>; unchecked: the value is
/// sign-extended, i.e. taken modulo 2^256, as C# does for <c>(ulong)(-1L)</c>). Explicit to every built-in integer
/// type (checked: out of range throws; unchecked: the low bits are kept). Implicit to <see cref="BigInteger"/>;
/// explicit from <see cref="BigInteger"/> throws <see cref="OverflowException"/> when the value is negative or at
/// least 2^256 in either context, as <see cref="BigInteger"/>'s own narrowing conversions do.</para>
/// <para><b>Text.</b> <see cref="ToString()"/> prints decimal; <see cref="ToHexString"/> prints <c>0x</c> and
/// minimal lowercase hex. <see cref="Parse(string)"/> accepts decimal digits, or <c>0x</c>/<c>0X</c> followed by
/// 1–64 hex digits.</para>
/// <para><b>Bytes.</b> <see cref="WriteBigEndian"/>/<see cref="ReadBigEndian"/> use the 32-byte big-endian form of
/// an EVM word and of a Solidity ABI <c>uint256</c>.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>, IComparable, IFormattable
{
    /// <summary>The size of the big-endian form in bytes: 32.</summary>
    public const int Size = 32;

    // Limbs, least significant first: value = _u0 + _u1·2^64 + _u2·2^128 + _u3·2^192.
    private readonly ulong _u0, _u1, _u2, _u3;

    /// <summary>Creates a value from its four 64-bit limbs, most significant first.</summary>
    /// <param name="u3">Bits 192–255.</param>
    /// <param name="u2">Bits 128–191.</param>
    /// <param name="u1">Bits 64–127.</param>
    /// <param name="u0">Bits 0–63.</param>
    public UInt256(ulong u3, ulong u2, ulong u1, ulong u0)
    {
        _u0 = u0;
        _u1 = u1;
        _u2 = u2;
        _u3 = u3;
    }

    /// <summary>0.</summary>
    public static UInt256 Zero => default;

    /// <summary>1.</summary>
    public static UInt256 One => new(0, 0, 0, 1);

    /// <summary>2^256 − 1, Solidity's <c>type(uint256).max</c>.</summary>
    public static UInt256 MaxValue => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>0, Solidity's <c>type(uint256).min</c>.</summary>
    public static UInt256 MinValue => default;

    /// <summary>Bits 0–63.</summary>
    public ulong Limb0 => _u0;

    /// <summary>Bits 64–127.</summary>
    public ulong Limb1 => _u1;

    /// <summary>Bits 128–191.</summary>
    public ulong Limb2 => _u2;

    /// <summary>Bits 192–255.</summary>
    public ulong Limb3 => _u3;

    /// <summary>Whether the value is 0.</summary>
    public bool IsZero => (_u0 | _u1 | _u2 | _u3) == 0;

    /// <summary>Whether the value fits in a <see cref="ulong"/> (is below 2^64).</summary>
    public bool FitsInUInt64 => (_u1 | _u2 | _u3) == 0;

    /// <summary>The number of significant bits: 0 for 0, 256 for values ≥ 2^255.</summary>
    public int BitLength =>
        _u3 != 0 ? 256 - BitOperations.LeadingZeroCount(_u3)
        : _u2 != 0 ? 192 - BitOperations.LeadingZeroCount(_u2)
        : _u1 != 0 ? 128 - BitOperations.LeadingZeroCount(_u1)
        : 64 - BitOperations.LeadingZeroCount(_u0);

    // ---------------------------------------------------------------- bytes

    /// <summary>
    /// Writes the value as a 32-byte big-endian word (an EVM word; a Solidity ABI <c>uint256</c>) to the start of
    /// <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteBigEndian(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"A UInt256 needs {Size} bytes, the destination has {destination.Length}.", nameof(destination));
        }
        BinaryPrimitives.WriteUInt64BigEndian(destination, _u3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _u2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _u1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _u0);
    }

    /// <summary>Reads a value from exactly 32 big-endian bytes (an EVM word; a Solidity ABI <c>uint256</c>).</summary>
    /// <param name="source">Exactly 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not exactly 32 bytes long.</exception>
    public static UInt256 ReadBigEndian(ReadOnlySpan<byte> source)
    {
        if (source.Length != Size)
        {
            throw new ArgumentException($"A UInt256 is read from exactly {Size} bytes, got {source.Length}.", nameof(source));
        }
        return new UInt256(
            BinaryPrimitives.ReadUInt64BigEndian(source),
            BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[24..]));
    }

    /// <summary>The 32-byte big-endian form as a new array.</summary>
    public byte[] ToBigEndianBytes()
    {
        var bytes = new byte[Size];
        WriteBigEndian(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- equality and order

    /// <summary>Value equality.</summary>
    public bool Equals(UInt256 other) => ((_u0 ^ other._u0) | (_u1 ^ other._u1) | (_u2 ^ other._u2) | (_u3 ^ other._u3)) == 0;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is UInt256 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_u0, _u1, _u2, _u3);

    /// <summary>Numeric order: negative if this value is smaller than <paramref name="other"/>, 0 if equal, else positive.</summary>
    public int CompareTo(UInt256 other) =>
        _u3 != other._u3 ? (_u3 < other._u3 ? -1 : 1)
        : _u2 != other._u2 ? (_u2 < other._u2 ? -1 : 1)
        : _u1 != other._u1 ? (_u1 < other._u1 ? -1 : 1)
        : _u0 != other._u0 ? (_u0 < other._u0 ? -1 : 1)
        : 0;

    /// <summary>Numeric order against another boxed <see cref="UInt256"/>; <c>null</c> sorts first.</summary>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither <c>null</c> nor a <see cref="UInt256"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UInt256 other => CompareTo(other),
        _ => throw new ArgumentException($"Cannot compare a UInt256 with a {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(UInt256 left, UInt256 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(UInt256 left, UInt256 right) => !left.Equals(right);

    /// <summary>Less than.</summary>
    public static bool operator <(UInt256 left, UInt256 right) => left.CompareTo(right) < 0;

    /// <summary>Greater than.</summary>
    public static bool operator >(UInt256 left, UInt256 right) => left.CompareTo(right) > 0;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(UInt256 left, UInt256 right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(UInt256 left, UInt256 right) => left.CompareTo(right) >= 0;

    /// <summary>The smaller of two values.</summary>
    public static UInt256 Min(UInt256 x, UInt256 y) => x <= y ? x : y;

    /// <summary>The larger of two values.</summary>
    public static UInt256 Max(UInt256 x, UInt256 y) => x >= y ? x : y;

    // ---------------------------------------------------------------- addition and subtraction

    /// <summary>Addition modulo 2^256 (unchecked context; Solidity <c>unchecked { a + b }</c>, EVM <c>ADD</c>).</summary>
    public static UInt256 operator +(UInt256 left, UInt256 right) => Add(left, right, out _);

    /// <summary>Addition in a checked context.</summary>
    /// <exception cref="OverflowException">The sum is 2^256 or more (where Solidity 0.8 reverts with <c>Panic(0x11)</c>).</exception>
    public static UInt256 operator checked +(UInt256 left, UInt256 right)
    {
        var sum = Add(left, right, out var carry);
        return carry == 0 ? sum : throw new OverflowException("UInt256 addition overflowed (the sum is 2^256 or more).");
    }

    /// <summary>Subtraction modulo 2^256 (unchecked context; Solidity <c>unchecked { a - b }</c>, EVM <c>SUB</c>).</summary>
    public static UInt256 operator -(UInt256 left, UInt256 right) => Subtract(left, right, out _);

    /// <summary>Subtraction in a checked context.</summary>
    /// <exception cref="OverflowException"><paramref name="right"/> is greater than <paramref name="left"/> (Solidity 0.8 reverts with <c>Panic(0x11)</c>).</exception>
    public static UInt256 operator checked -(UInt256 left, UInt256 right)
    {
        var difference = Subtract(left, right, out var borrow);
        return borrow == 0 ? difference : throw new OverflowException("UInt256 subtraction underflowed (the result is negative).");
    }

    /// <summary>Increment modulo 2^256 (unchecked context).</summary>
    public static UInt256 operator ++(UInt256 value) => value + One;

    /// <summary>Increment in a checked context.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is <see cref="MaxValue"/>.</exception>
    public static UInt256 operator checked ++(UInt256 value) => checked(value + One);

    /// <summary>Decrement modulo 2^256 (unchecked context).</summary>
    public static UInt256 operator --(UInt256 value) => value - One;

    /// <summary>Decrement in a checked context.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is 0.</exception>
    public static UInt256 operator checked --(UInt256 value) => checked(value - One);

    /// <summary>The identity (unary plus).</summary>
    public static UInt256 operator +(UInt256 value) => value;

    private static UInt256 Add(UInt256 a, UInt256 b, out ulong carry)
    {
        ulong c = 0;
        var r0 = AddWithCarry(a._u0, b._u0, ref c);
        var r1 = AddWithCarry(a._u1, b._u1, ref c);
        var r2 = AddWithCarry(a._u2, b._u2, ref c);
        var r3 = AddWithCarry(a._u3, b._u3, ref c);
        carry = c;
        return new UInt256(r3, r2, r1, r0);
    }

    private static UInt256 Subtract(UInt256 a, UInt256 b, out ulong borrow)
    {
        ulong c = 0;
        var r0 = SubtractWithBorrow(a._u0, b._u0, ref c);
        var r1 = SubtractWithBorrow(a._u1, b._u1, ref c);
        var r2 = SubtractWithBorrow(a._u2, b._u2, ref c);
        var r3 = SubtractWithBorrow(a._u3, b._u3, ref c);
        borrow = c;
        return new UInt256(r3, r2, r1, r0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(ulong x, ulong y, ref ulong carry)
    {
        var sum = x + y;
        var carryOut = sum < x ? 1UL : 0UL;
        var result = sum + carry;
        carryOut += result < sum ? 1UL : 0UL;
        carry = carryOut;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubtractWithBorrow(ulong x, ulong y, ref ulong borrow)
    {
        var difference = x - y;
        var borrowOut = x < y ? 1UL : 0UL;
        var result = difference - borrow;
        borrowOut += difference < borrow ? 1UL : 0UL;
        borrow = borrowOut;
        return result;
    }

    // ---------------------------------------------------------------- multiplication

    /// <summary>Multiplication modulo 2^256 (unchecked context; Solidity <c>unchecked { a * b }</c>, EVM <c>MUL</c>).</summary>
    public static UInt256 operator *(UInt256 left, UInt256 right) => Multiply(left, right, out _);

    /// <summary>Multiplication in a checked context.</summary>
    /// <exception cref="OverflowException">The product is 2^256 or more (Solidity 0.8 reverts with <c>Panic(0x11)</c>).</exception>
    public static UInt256 operator checked *(UInt256 left, UInt256 right)
    {
        var product = Multiply(left, right, out var overflow);
        return overflow ? throw new OverflowException("UInt256 multiplication overflowed (the product is 2^256 or more).") : product;
    }

    private static UInt256 Multiply(UInt256 a, UInt256 b, out bool overflow)
    {
        // Schoolbook multiplication of 4×4 limbs; columns ≥ 4 only matter for overflow detection.
        Span<ulong> x = [a._u0, a._u1, a._u2, a._u3];
        Span<ulong> y = [b._u0, b._u1, b._u2, b._u3];
        Span<ulong> r = stackalloc ulong[4];
        r.Clear();
        overflow = false;
        for (var i = 0; i < 4; i++)
        {
            if (x[i] == 0)
            {
                continue;
            }
            ulong carry = 0;
            for (var j = 0; j < 4; j++)
            {
                if (i + j >= 4)
                {
                    if (y[j] != 0)
                    {
                        overflow = true;
                    }
                    continue;
                }
                var high = Math.BigMul(x[i], y[j], out var low);
                low += carry;
                if (low < carry)
                {
                    high++;
                }
                var sum = r[i + j] + low;
                if (sum < low)
                {
                    high++;
                }
                r[i + j] = sum;
                carry = high;
            }
            if (carry != 0)
            {
                overflow = true;
            }
        }
        return new UInt256(r[3], r[2], r[1], r[0]);
    }

    // ---------------------------------------------------------------- division

    /// <summary>Integer division, rounding towards zero (the same in checked and unchecked contexts).</summary>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is 0 (Solidity reverts with <c>Panic(0x12)</c>).</exception>
    public static UInt256 operator /(UInt256 left, UInt256 right)
    {
        DivRem(left, right, out var quotient, out _);
        return quotient;
    }

    /// <summary>The remainder of integer division (the same in checked and unchecked contexts).</summary>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is 0 (Solidity reverts with <c>Panic(0x12)</c>).</exception>
    public static UInt256 operator %(UInt256 left, UInt256 right)
    {
        DivRem(left, right, out _, out var remainder);
        return remainder;
    }

    /// <summary>The quotient and remainder of integer division.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="divisor"/> is 0.</exception>
    public static (UInt256 Quotient, UInt256 Remainder) DivRem(UInt256 dividend, UInt256 divisor)
    {
        DivRem(dividend, divisor, out var q, out var r);
        return (q, r);
    }

    private static void DivRem(UInt256 dividend, UInt256 divisor, out UInt256 quotient, out UInt256 remainder)
    {
        if (divisor.IsZero)
        {
            throw new DivideByZeroException("UInt256 division by zero.");
        }
        if (dividend < divisor)
        {
            quotient = Zero;
            remainder = dividend;
            return;
        }
        if (divisor.FitsInUInt64)
        {
            // Short division by one limb.
            var d = divisor._u0;
            ulong rem = 0;
            var q3 = DivideStep(dividend._u3, d, ref rem);
            var q2 = DivideStep(dividend._u2, d, ref rem);
            var q1 = DivideStep(dividend._u1, d, ref rem);
            var q0 = DivideStep(dividend._u0, d, ref rem);
            quotient = new UInt256(q3, q2, q1, q0);
            remainder = new UInt256(0, 0, 0, rem);
            return;
        }
        KnuthDivide(dividend, divisor, out quotient, out remainder);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DivideStep(ulong limb, ulong divisor, ref ulong remainder)
    {
        var n = ((UInt128)remainder << 64) | limb;
        var q = (ulong)(n / divisor);
        remainder = (ulong)(n - (UInt128)q * divisor);
        return q;
    }

    /// <summary>Knuth's algorithm D (TAOCP vol. 2, 4.3.1) on 32-bit digits, after Hacker's Delight <c>divmnu</c>.</summary>
    private static void KnuthDivide(UInt256 dividend, UInt256 divisor, out UInt256 quotient, out UInt256 remainder)
    {
        Span<uint> u = stackalloc uint[8];
        Span<uint> v = stackalloc uint[8];
        ToDigits(dividend, u);
        ToDigits(divisor, v);
        var m = 8;
        while (m > 0 && u[m - 1] == 0)
        {
            m--;
        }
        var n = 8;
        while (v[n - 1] == 0)
        {
            n--;
        }
        // n ≥ 3 here: the divisor does not fit in 64 bits.
        Span<uint> q = stackalloc uint[8];
        q.Clear();
        Span<uint> un = stackalloc uint[9];
        Span<uint> vn = stackalloc uint[8];
        var s = BitOperations.LeadingZeroCount(v[n - 1]);
        for (var i = n - 1; i > 0; i--)
        {
            vn[i] = (v[i] << s) | (uint)((ulong)v[i - 1] >> (32 - s));
        }
        vn[0] = v[0] << s;
        un[m] = (uint)((ulong)u[m - 1] >> (32 - s));
        for (var i = m - 1; i > 0; i--)
        {
            un[i] = (u[i] << s) | (uint)((ulong)u[i - 1] >> (32 - s));
        }
        un[0] = u[0] << s;
        const ulong Base = 1UL << 32;
        for (var j = m - n; j >= 0; j--)
        {
            var numerator = ((ulong)un[j + n] << 32) | un[j + n - 1];
            var qhat = numerator / vn[n - 1];
            var rhat = numerator - qhat * vn[n - 1];
            while (qhat >= Base || qhat * vn[n - 2] > ((rhat << 32) | un[j + n - 2]))
            {
                qhat--;
                rhat += vn[n - 1];
                if (rhat >= Base)
                {
                    break;
                }
            }
            long borrow = 0;
            long t;
            for (var i = 0; i < n; i++)
            {
                var p = qhat * vn[i];
                t = un[i + j] - borrow - (long)(p & 0xFFFF_FFFF);
                un[i + j] = (uint)t;
                borrow = (long)(p >> 32) - (t >> 32);
            }
            t = un[j + n] - borrow;
            un[j + n] = (uint)t;
            q[j] = (uint)qhat;
            if (t < 0)
            {
                q[j]--;
                ulong carry = 0;
                for (var i = 0; i < n; i++)
                {
                    var sum = (ulong)un[i + j] + vn[i] + carry;
                    un[i + j] = (uint)sum;
                    carry = sum >> 32;
                }
                un[j + n] = (uint)(un[j + n] + carry);
            }
        }
        Span<uint> r = stackalloc uint[8];
        r.Clear();
        for (var i = 0; i < n - 1; i++)
        {
            r[i] = (un[i] >> s) | (uint)((ulong)un[i + 1] << (32 - s));
        }
        r[n - 1] = un[n - 1] >> s;
        quotient = FromDigits(q);
        remainder = FromDigits(r);
    }

    private static void ToDigits(UInt256 value, Span<uint> digits)
    {
        digits[0] = (uint)value._u0;
        digits[1] = (uint)(value._u0 >> 32);
        digits[2] = (uint)value._u1;
        digits[3] = (uint)(value._u1 >> 32);
        digits[4] = (uint)value._u2;
        digits[5] = (uint)(value._u2 >> 32);
        digits[6] = (uint)value._u3;
        digits[7] = (uint)(value._u3 >> 32);
    }

    private static UInt256 FromDigits(ReadOnlySpan<uint> d) => new(
        ((ulong)d[7] << 32) | d[6],
        ((ulong)d[5] << 32) | d[4],
        ((ulong)d[3] << 32) | d[2],
        ((ulong)d[1] << 32) | d[0]);

    // ---------------------------------------------------------------- bitwise

    /// <summary>Bitwise AND.</summary>
    public static UInt256 operator &(UInt256 left, UInt256 right) =>
        new(left._u3 & right._u3, left._u2 & right._u2, left._u1 & right._u1, left._u0 & right._u0);

    /// <summary>Bitwise OR.</summary>
    public static UInt256 operator |(UInt256 left, UInt256 right) =>
        new(left._u3 | right._u3, left._u2 | right._u2, left._u1 | right._u1, left._u0 | right._u0);

    /// <summary>Bitwise exclusive OR.</summary>
    public static UInt256 operator ^(UInt256 left, UInt256 right) =>
        new(left._u3 ^ right._u3, left._u2 ^ right._u2, left._u1 ^ right._u1, left._u0 ^ right._u0);

    /// <summary>Bitwise complement (<c>MaxValue - value</c>).</summary>
    public static UInt256 operator ~(UInt256 value) => new(~value._u3, ~value._u2, ~value._u1, ~value._u0);

    /// <summary>
    /// Left shift as in Solidity and the EVM's <c>SHL</c> (EIP-145): bits shifted past bit 255 are discarded and a count
    /// of 256 or more gives 0. (Unlike C#'s built-in integers, the count is not masked.)
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static UInt256 operator <<(UInt256 value, int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A UInt256 shift count must not be negative.");
        }
        if (count >= 256)
        {
            return Zero;
        }
        var limbs = count >> 6;
        var bits = count & 63;
        Span<ulong> src = [value._u0, value._u1, value._u2, value._u3];
        Span<ulong> dst = stackalloc ulong[4];
        for (var i = 3; i >= 0; i--)
        {
            var from = i - limbs;
            if (from < 0)
            {
                dst[i] = 0;
                continue;
            }
            var limb = src[from] << bits;
            if (bits != 0 && from > 0)
            {
                limb |= src[from - 1] >> (64 - bits);
            }
            dst[i] = limb;
        }
        return new UInt256(dst[3], dst[2], dst[1], dst[0]);
    }

    /// <summary>
    /// Logical right shift as in Solidity and the EVM's <c>SHR</c> (EIP-145): a count of 256 or more gives 0. (Unlike
    /// C#'s built-in integers, the count is not masked.)
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static UInt256 operator >>(UInt256 value, int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A UInt256 shift count must not be negative.");
        }
        if (count >= 256)
        {
            return Zero;
        }
        var limbs = count >> 6;
        var bits = count & 63;
        Span<ulong> src = [value._u0, value._u1, value._u2, value._u3];
        Span<ulong> dst = stackalloc ulong[4];
        for (var i = 0; i < 4; i++)
        {
            var from = i + limbs;
            if (from > 3)
            {
                dst[i] = 0;
                continue;
            }
            var limb = src[from] >> bits;
            if (bits != 0 && from < 3)
            {
                limb |= src[from + 1] << (64 - bits);
            }
            dst[i] = limb;
        }
        return new UInt256(dst[3], dst[2], dst[1], dst[0]);
    }

    /// <summary>Logical right shift; the same as <c>&gt;&gt;</c> for an unsigned type.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static UInt256 operator >>>(UInt256 value, int count) => value >> count;

    // ---------------------------------------------------------------- conversions from built-in types

    /// <summary>Widens a <see cref="byte"/>.</summary>
    public static implicit operator UInt256(byte value) => new(0, 0, 0, value);

    /// <summary>Widens a <see cref="ushort"/>.</summary>
    public static implicit operator UInt256(ushort value) => new(0, 0, 0, value);

    /// <summary>Widens a <see cref="uint"/>.</summary>
    public static implicit operator UInt256(uint value) => new(0, 0, 0, value);

    /// <summary>Widens a <see cref="ulong"/>.</summary>
    public static implicit operator UInt256(ulong value) => new(0, 0, 0, value);

    /// <summary>Widens a <see cref="UInt128"/>.</summary>
    public static implicit operator UInt256(UInt128 value) => new(0, 0, (ulong)(value >> 64), (ulong)value);

    /// <summary>Converts a signed value in an unchecked context: a negative value is sign-extended (taken modulo 2^256).</summary>
    public static explicit operator UInt256(sbyte value) => FromInt64Unchecked(value);

    /// <summary>Converts a signed value in a checked context.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative.</exception>
    public static explicit operator checked UInt256(sbyte value) => FromInt64Checked(value);

    /// <summary>Converts a signed value in an unchecked context: a negative value is sign-extended (taken modulo 2^256).</summary>
    public static explicit operator UInt256(short value) => FromInt64Unchecked(value);

    /// <summary>Converts a signed value in a checked context.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative.</exception>
    public static explicit operator checked UInt256(short value) => FromInt64Checked(value);

    /// <summary>Converts a signed value in an unchecked context: a negative value is sign-extended (taken modulo 2^256).</summary>
    public static explicit operator UInt256(int value) => FromInt64Unchecked(value);

    /// <summary>Converts a signed value in a checked context.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative.</exception>
    public static explicit operator checked UInt256(int value) => FromInt64Checked(value);

    /// <summary>Converts a signed value in an unchecked context: a negative value is sign-extended (taken modulo 2^256).</summary>
    public static explicit operator UInt256(long value) => FromInt64Unchecked(value);

    /// <summary>Converts a signed value in a checked context.</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative.</exception>
    public static explicit operator checked UInt256(long value) => FromInt64Checked(value);

    /// <summary>Converts a <see cref="BigInteger"/> (checked and unchecked contexts alike, as <see cref="BigInteger"/>'s own narrowing conversions).</summary>
    /// <exception cref="OverflowException"><paramref name="value"/> is negative or at least 2^256.</exception>
    public static explicit operator UInt256(BigInteger value)
    {
        if (value.Sign < 0 || value.GetBitLength() > 256)
        {
            throw new OverflowException("The value is outside the range of a UInt256 (0 to 2^256 - 1).");
        }
        Span<byte> bytes = stackalloc byte[Size];
        bytes.Clear();
        var written = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes[(Size - written)..], out _, isUnsigned: true, isBigEndian: true);
        return ReadBigEndian(bytes);
    }

    private static UInt256 FromInt64Unchecked(long value)
    {
        var extension = value < 0 ? ulong.MaxValue : 0UL;
        return new UInt256(extension, extension, extension, (ulong)value);
    }

    private static UInt256 FromInt64Checked(long value) =>
        value < 0 ? throw new OverflowException("A negative value cannot be converted to a UInt256.") : new UInt256(0, 0, 0, (ulong)value);

    // ---------------------------------------------------------------- conversions to built-in types

    /// <summary>Keeps the low 8 bits (unchecked context).</summary>
    public static explicit operator byte(UInt256 value) => (byte)value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="byte.MaxValue"/>.</exception>
    public static explicit operator checked byte(UInt256 value) => checked((byte)ToUInt64Checked(value));

    /// <summary>Keeps the low 16 bits (unchecked context).</summary>
    public static explicit operator ushort(UInt256 value) => (ushort)value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="ushort.MaxValue"/>.</exception>
    public static explicit operator checked ushort(UInt256 value) => checked((ushort)ToUInt64Checked(value));

    /// <summary>Keeps the low 32 bits (unchecked context).</summary>
    public static explicit operator uint(UInt256 value) => (uint)value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="uint.MaxValue"/>.</exception>
    public static explicit operator checked uint(UInt256 value) => checked((uint)ToUInt64Checked(value));

    /// <summary>Keeps the low 64 bits (unchecked context).</summary>
    public static explicit operator ulong(UInt256 value) => value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="ulong.MaxValue"/>.</exception>
    public static explicit operator checked ulong(UInt256 value) => ToUInt64Checked(value);

    /// <summary>Keeps the low 128 bits (unchecked context).</summary>
    public static explicit operator UInt128(UInt256 value) => new(value._u1, value._u0);

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="UInt128.MaxValue"/>.</exception>
    public static explicit operator checked UInt128(UInt256 value) =>
        (value._u2 | value._u3) != 0 ? throw Overflow(nameof(UInt128)) : new UInt128(value._u1, value._u0);

    /// <summary>Keeps the low 8 bits as a two's-complement <see cref="sbyte"/> (unchecked context).</summary>
    public static explicit operator sbyte(UInt256 value) => (sbyte)value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="sbyte.MaxValue"/>.</exception>
    public static explicit operator checked sbyte(UInt256 value) => checked((sbyte)ToUInt64Checked(value));

    /// <summary>Keeps the low 16 bits as a two's-complement <see cref="short"/> (unchecked context).</summary>
    public static explicit operator short(UInt256 value) => (short)value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="short.MaxValue"/>.</exception>
    public static explicit operator checked short(UInt256 value) => checked((short)ToUInt64Checked(value));

    /// <summary>Keeps the low 32 bits as a two's-complement <see cref="int"/> (unchecked context).</summary>
    public static explicit operator int(UInt256 value) => (int)value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="int.MaxValue"/>.</exception>
    public static explicit operator checked int(UInt256 value) => checked((int)ToUInt64Checked(value));

    /// <summary>Keeps the low 64 bits as a two's-complement <see cref="long"/> (unchecked context).</summary>
    public static explicit operator long(UInt256 value) => (long)value._u0;

    /// <summary>Narrows in a checked context.</summary>
    /// <exception cref="OverflowException">The value exceeds <see cref="long.MaxValue"/>.</exception>
    public static explicit operator checked long(UInt256 value) => checked((long)ToUInt64Checked(value));

    /// <summary>Widens to a <see cref="BigInteger"/> (always exact).</summary>
    public static implicit operator BigInteger(UInt256 value)
    {
        if (value.FitsInUInt64)
        {
            return new BigInteger(value._u0);
        }
        Span<byte> bytes = stackalloc byte[Size];
        value.WriteBigEndian(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private static ulong ToUInt64Checked(UInt256 value) => value.FitsInUInt64 ? value._u0 : throw Overflow(nameof(UInt64));

    private static OverflowException Overflow(string target) => new($"The UInt256 value is outside the range of {target}.");

    // ---------------------------------------------------------------- text

    /// <summary>The decimal form, e.g. <c>1000000000000000000</c>.</summary>
    public override string ToString()
    {
        if (FitsInUInt64)
        {
            return _u0.ToString(CultureInfo.InvariantCulture);
        }
        // At most 78 decimal digits. Peel off 19 digits at a time (10^19 < 2^64).
        Span<char> buffer = stackalloc char[80];
        var position = buffer.Length;
        var rest = this;
        const ulong Chunk = 10_000_000_000_000_000_000UL;
        while (!rest.FitsInUInt64)
        {
            ulong rem = 0;
            var q3 = DivideStep(rest._u3, Chunk, ref rem);
            var q2 = DivideStep(rest._u2, Chunk, ref rem);
            var q1 = DivideStep(rest._u1, Chunk, ref rem);
            var q0 = DivideStep(rest._u0, Chunk, ref rem);
            rest = new UInt256(q3, q2, q1, q0);
            for (var i = 0; i < 19; i++)
            {
                buffer[--position] = (char)('0' + (int)(rem % 10));
                rem /= 10;
            }
        }
        var head = rest._u0;
        do
        {
            buffer[--position] = (char)('0' + (int)(head % 10));
            head /= 10;
        }
        while (head != 0);
        return new string(buffer[position..]);
    }

    /// <summary>
    /// Formats the value: <c>null</c>, empty, <c>"D"</c> or <c>"G"</c> for decimal; <c>"x"</c>/<c>"X"</c> for minimal
    /// lower/upper-case hex without a prefix; <c>"0x"</c> for <see cref="ToHexString"/>. The provider is ignored
    /// (the forms are culture-invariant).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="format"/> is none of those.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider) => format switch
    {
        null or "" or "D" or "d" or "G" or "g" => ToString(),
        "x" => Hex(lowercase: true),
        "X" => Hex(lowercase: false),
        "0x" => ToHexString(),
        _ => throw new FormatException($"Unknown UInt256 format '{format}': use D, x, X or 0x."),
    };

    /// <summary><c>0x</c> followed by the minimal lowercase hex digits, e.g. <c>0x0</c>, <c>0xde0b6b3a7640000</c>.</summary>
    public string ToHexString() => "0x" + Hex(lowercase: true);

    private string Hex(bool lowercase)
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteBigEndian(bytes);
        var hex = lowercase ? Convert.ToHexStringLower(bytes) : Convert.ToHexString(bytes);
        var firstSignificant = hex.AsSpan().IndexOfAnyExcept('0');
        return firstSignificant < 0 ? "0" : hex[firstSignificant..];
    }

    /// <summary>
    /// Parses decimal digits (<c>0</c>–<c>9</c>, no sign, no separators or white space), or <c>0x</c>/<c>0X</c>
    /// followed by 1–64 hex digits of either case.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not in either form.</exception>
    /// <exception cref="OverflowException">The value is 2^256 or more.</exception>
    public static UInt256 Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <summary>Parses decimal digits, or <c>0x</c>/<c>0X</c> followed by 1–64 hex digits (see <see cref="Parse(string)"/>).</summary>
    /// <exception cref="FormatException"><paramref name="s"/> is not in either form.</exception>
    /// <exception cref="OverflowException">The value is 2^256 or more.</exception>
    public static UInt256 Parse(ReadOnlySpan<char> s) => TryParseCore(s, out var value) switch
    {
        ParseStatus.Ok => value,
        ParseStatus.Overflow => throw new OverflowException("The number is 2^256 or more, outside the range of a UInt256."),
        _ => throw new FormatException($"'{s}' is not a UInt256: expected decimal digits, or 0x followed by 1 to 64 hex digits."),
    };

    /// <summary>Parses like <see cref="Parse(string)"/>; returns <c>false</c> (and 0) instead of throwing.</summary>
    public static bool TryParse(string? s, out UInt256 value)
    {
        if (s is null)
        {
            value = Zero;
            return false;
        }
        return TryParse(s.AsSpan(), out value);
    }

    /// <summary>Parses like <see cref="Parse(string)"/>; returns <c>false</c> (and 0) instead of throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out UInt256 value)
    {
        if (TryParseCore(s, out value) == ParseStatus.Ok)
        {
            return true;
        }
        value = Zero;
        return false;
    }

    private enum ParseStatus
    {
        Ok,
        Format,
        Overflow,
    }

    private static ParseStatus TryParseCore(ReadOnlySpan<char> s, out UInt256 value)
    {
        value = Zero;
        if (s.Length >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        {
            var digits = s[2..];
            if (digits.Length == 0)
            {
                return ParseStatus.Format;
            }
            var significant = digits.TrimStart('0');
            if (significant.Length > 64)
            {
                foreach (var c in digits)
                {
                    if (!char.IsAsciiHexDigit(c))
                    {
                        return ParseStatus.Format;
                    }
                }
                return ParseStatus.Overflow;
            }
            Span<ulong> limbs = stackalloc ulong[4];
            limbs.Clear();
            foreach (var c in digits)
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return ParseStatus.Format;
                }
            }
            for (var i = 0; i < significant.Length; i++)
            {
                var c = significant[significant.Length - 1 - i];
                var nibble = (ulong)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
                limbs[i / 16] |= nibble << (4 * (i % 16));
            }
            value = new UInt256(limbs[3], limbs[2], limbs[1], limbs[0]);
            return ParseStatus.Ok;
        }
        if (s.Length == 0)
        {
            return ParseStatus.Format;
        }
        var result = Zero;
        var overflow = false;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return ParseStatus.Format;
            }
            if (overflow)
            {
                continue;
            }
            var times10 = Multiply(result, 10UL, out var mulOverflow);
            var next = Add(times10, (ulong)(c - '0'), out var carry);
            if (mulOverflow || carry != 0)
            {
                overflow = true;
                continue;
            }
            result = next;
        }
        if (overflow)
        {
            return ParseStatus.Overflow;
        }
        value = result;
        return ParseStatus.Ok;
    }
}
