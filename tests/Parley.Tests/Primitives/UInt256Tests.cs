using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Parley.Tests.Primitives;

/// <summary>UInt256 against System.Numerics.BigInteger (FsCheck properties) and known edge cases.</summary>
public class UInt256Tests
{
    private static readonly BigInteger Modulus = BigInteger.One << 256;
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(2000);

    /// <summary>Limbs biased towards 0, 1 and all-ones, then shifted right by a random amount: every magnitude is likely.</summary>
    private static readonly Gen<UInt256> Values =
        from l3 in Limb()
        from l2 in Limb()
        from l1 in Limb()
        from l0 in Limb()
        from shift in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(0, 255)))
        select new UInt256(l3, l2, l1, l0) >> shift;

    private static readonly Arbitrary<UInt256> Arb = Values.ToArbitrary();

    private static readonly Arbitrary<(UInt256, UInt256)> Pairs = Gen.Zip(Values, Values).ToArbitrary();

    private static Gen<ulong> Limb() =>
        Gen.Frequency(
            (1, Gen.Constant(0UL)),
            (1, Gen.Constant(1UL)),
            (1, Gen.Constant(ulong.MaxValue)),
            (4, from a in Gen.Choose(0, 0xFFFF)
                from b in Gen.Choose(0, 0xFFFF)
                from c in Gen.Choose(0, 0xFFFF)
                from d in Gen.Choose(0, 0xFFFF)
                select ((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d));

    private static BigInteger Big(UInt256 x) => x;

    private static bool Same(UInt256 actual, BigInteger expected) => Big(actual) == expected && actual == (UInt256)expected;

    [Fact]
    public void Unchecked_arithmetic_wraps_modulo_2_256()
    {
        Check.One(Runs, Prop.ForAll(Pairs, p =>
        {
            var (a, b) = p;
            return unchecked(Same(a + b, (Big(a) + Big(b)) % Modulus)
                && Same(a - b, ((Big(a) - Big(b)) % Modulus + Modulus) % Modulus)
                && Same(a * b, Big(a) * Big(b) % Modulus));
        }));
    }

    [Fact]
    public void Checked_arithmetic_throws_exactly_when_the_result_leaves_the_range()
    {
        Check.One(Runs, Prop.ForAll(Pairs, p =>
        {
            var (a, b) = p;
            return Agrees(() => checked(a + b), Big(a) + Big(b))
                && Agrees(() => checked(a - b), Big(a) - Big(b))
                && Agrees(() => checked(a * b), Big(a) * Big(b));
        }));

        static bool Agrees(Func<UInt256> operation, BigInteger exact)
        {
            var fits = exact.Sign >= 0 && exact < Modulus;
            try
            {
                var result = operation();
                return fits && Same(result, exact);
            }
            catch (OverflowException)
            {
                return !fits;
            }
        }
    }

    [Fact]
    public void Division_and_remainder_match_BigInteger()
    {
        Check.One(Runs, Prop.ForAll(Pairs, p =>
        {
            var (a, b) = p;
            if (b.IsZero)
            {
                return Throws<DivideByZeroException>(() => a / b) && Throws<DivideByZeroException>(() => a % b);
            }
            var (q, r) = UInt256.DivRem(a, b);
            return Same(a / b, Big(a) / Big(b)) && Same(a % b, Big(a) % Big(b)) && q == a / b && r == a % b;
        }));
    }

    [Fact]
    public void Division_of_edge_patterns_matches_BigInteger()
    {
        // Divisors just above/below limb and digit boundaries exercise the quotient-digit correction of algorithm D.
        var specials = new List<BigInteger>();
        foreach (var k in new[] { 1, 31, 32, 33, 63, 64, 65, 95, 96, 127, 128, 129, 160, 191, 192, 193, 224, 255, 256 })
        {
            foreach (var delta in new[] { -2, -1, 0, 1, 3 })
            {
                var v = (BigInteger.One << k) + delta;
                if (v.Sign > 0 && v < Modulus)
                {
                    specials.Add(v);
                }
            }
        }
        specials.Add(BigInteger.Parse("0ffffffff00000000ffffffff00000000ffffffff00000000ffffffff00000000", NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        specials.Add(BigInteger.Parse("080000000000000000000000000000000ffffffffffffffffffffffffffffffff", NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        foreach (var x in specials)
        {
            foreach (var y in specials)
            {
                var (a, b) = ((UInt256)x, (UInt256)y);
                Assert.True(Same(a / b, x / y), $"{x} / {y}");
                Assert.True(Same(a % b, x % y), $"{x} % {y}");
            }
        }
    }

    [Fact]
    public void Bitwise_operators_and_comparisons_match_BigInteger()
    {
        Check.One(Runs, Prop.ForAll(Pairs, p =>
        {
            var (a, b) = p;
            var (x, y) = (Big(a), Big(b));
            return Same(a & b, x & y) && Same(a | b, x | y) && Same(a ^ b, x ^ y) && Same(~a, Modulus - 1 - x)
                && (a < b) == (x < y) && (a <= b) == (x <= y) && (a > b) == (x > y) && (a >= b) == (x >= y)
                && (a == b) == (x == y) && (a != b) == (x != y) && Math.Sign(a.CompareTo(b)) == x.CompareTo(y)
                && a.Equals(b) == (x == y) && (a.GetHashCode() == b.GetHashCode() || a != b)
                && a.BitLength == (int)x.GetBitLength();
        }));
    }

    [Fact]
    public void Shifts_follow_the_EVM_counts_of_256_or_more_give_zero()
    {
        var arb = Gen.Zip(Values, Gen.Choose(0, 300)).ToArbitrary();
        Check.One(Runs, Prop.ForAll(arb, p =>
        {
            var (a, n) = p;
            return Same(a << n, (Big(a) << n) % Modulus) && Same(a >> n, Big(a) >> n) && a >>> n == a >> n;
        }));
        Assert.Equal(UInt256.Zero, UInt256.MaxValue << 256);
        Assert.Equal(UInt256.Zero, UInt256.MaxValue >> 256);
        Assert.Equal(UInt256.Zero, UInt256.One << int.MaxValue);
        Assert.Equal(UInt256.One << 255, UInt256.MaxValue - (UInt256.MaxValue >> 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => UInt256.One << -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => UInt256.One >> -1);
    }

    [Fact]
    public void Text_and_bytes_round_trip_and_match_BigInteger()
    {
        Check.One(Runs, Prop.ForAll(Arb, a =>
        {
            var decimalText = a.ToString();
            var hex = a.ToHexString();
            Span<byte> bytes = stackalloc byte[32];
            a.WriteBigEndian(bytes);
            var expectedHex = "0x" + (Big(a).IsZero ? "0" : Big(a).ToString("x", CultureInfo.InvariantCulture).TrimStart('0'));
            return decimalText == Big(a).ToString(CultureInfo.InvariantCulture)
                && hex == expectedHex
                && UInt256.Parse(decimalText) == a && UInt256.Parse(hex) == a && UInt256.Parse(hex.ToUpperInvariant().Replace("0X", "0x")) == a
                && UInt256.ReadBigEndian(bytes) == a
                && new BigInteger(bytes, isUnsigned: true, isBigEndian: true) == Big(a)
                && a.ToString("x", null) == hex[2..] && a.ToString("X", null) == hex[2..].ToUpperInvariant();
        }));
    }

    [Fact]
    public void Narrowing_conversions_are_checked_or_truncating_as_in_CSharp()
    {
        Check.One(Runs, Prop.ForAll(Arb, a =>
        {
            var x = Big(a);
            var low64 = (ulong)(x & ulong.MaxValue);
            return unchecked((ulong)a) == low64 && unchecked((uint)a) == (uint)low64 && unchecked((byte)a) == (byte)low64
                && unchecked((long)a) == (long)low64 && unchecked((int)a) == (int)low64 && unchecked((short)a) == (short)low64
                && unchecked((sbyte)a) == (sbyte)low64 && unchecked((ushort)a) == (ushort)low64
                && unchecked((UInt128)a) == (UInt128)(x & UInt128.MaxValue)
                && Narrows(() => checked((ulong)a), x, ulong.MaxValue)
                && Narrows(() => checked((uint)a), x, uint.MaxValue)
                && Narrows(() => checked((ushort)a), x, ushort.MaxValue)
                && Narrows(() => checked((byte)a), x, byte.MaxValue)
                && Narrows(() => checked((long)a), x, long.MaxValue)
                && Narrows(() => checked((int)a), x, int.MaxValue)
                && Narrows(() => checked((short)a), x, short.MaxValue)
                && Narrows(() => checked((sbyte)a), x, sbyte.MaxValue)
                && Narrows(() => checked((UInt128)a), x, UInt128.MaxValue);
        }));

        static bool Narrows<T>(Func<T> convert, BigInteger value, BigInteger max)
        {
            try
            {
                var result = BigInteger.Parse(convert()!.ToString()!, CultureInfo.InvariantCulture);
                return value <= max && result == value;
            }
            catch (OverflowException)
            {
                return value > max;
            }
        }
    }

    [Fact]
    public void Widening_and_signed_conversions()
    {
        Assert.Equal(new UInt256(0, 0, 0, 200), (UInt256)(byte)200);
        Assert.Equal(new UInt256(0, 0, 0, ulong.MaxValue), (UInt256)ulong.MaxValue);
        Assert.Equal(new UInt256(0, 0, ulong.MaxValue, ulong.MaxValue), (UInt256)UInt128.MaxValue);
        Assert.Equal(new UInt256(0, 0, 0, 5), checked((UInt256)5L));
        Assert.Throws<OverflowException>(() => checked((UInt256)(-1L)));
        Assert.Throws<OverflowException>(() => checked((UInt256)(-1)));
        Assert.Throws<OverflowException>(() => checked((UInt256)(short)-1));
        Assert.Throws<OverflowException>(() => checked((UInt256)(sbyte)-1));
        Assert.Equal(UInt256.MaxValue, unchecked((UInt256)(-1L)));
        Assert.Equal(UInt256.MaxValue - 1, unchecked((UInt256)(-2)));
        Assert.Equal(UInt256.MaxValue, (UInt256)(Modulus - 1));
        Assert.Throws<OverflowException>(() => (UInt256)Modulus);
        Assert.Throws<OverflowException>(() => unchecked((UInt256)(-BigInteger.One)));
    }

    [Fact]
    public void Solidity_0_8_overflow_points()
    {
        var max = UInt256.MaxValue;
        Assert.Throws<OverflowException>(() => checked(max + UInt256.One));
        Assert.Throws<OverflowException>(() => checked(UInt256.Zero - UInt256.One));
        Assert.Throws<OverflowException>(() => checked((UInt256.One << 128) * (UInt256.One << 128)));
        Assert.Equal(UInt256.One << 255, checked((UInt256.One << 128) * (UInt256.One << 127)));
        Assert.Equal(UInt256.Zero, unchecked(max + UInt256.One));
        Assert.Equal(max, unchecked(UInt256.Zero - UInt256.One));
        Assert.Equal(UInt256.One, unchecked(max * max));
        var x = max;
        Assert.Throws<OverflowException>(() => checked(x++));
        var y = UInt256.Zero;
        Assert.Throws<OverflowException>(() => checked(y--));
        var z = max;
        unchecked
        {
            z++;
        }
        Assert.Equal(UInt256.Zero, z);
        Assert.Throws<DivideByZeroException>(() => UInt256.One / UInt256.Zero);
        Assert.Throws<DivideByZeroException>(() => UInt256.One % UInt256.Zero);
    }

    [Theory]
    [InlineData("0", "0x0")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("1000000000000000000", "0xde0b6b3a7640000")]
    [InlineData("18446744073709551616", "0x10000000000000000")]
    public void Known_values(string decimalText, string hex)
    {
        var value = UInt256.Parse(decimalText);
        Assert.Equal(decimalText, value.ToString());
        Assert.Equal(hex, value.ToHexString());
        Assert.Equal(value, UInt256.Parse(hex));
        Assert.True(UInt256.TryParse(hex, out var parsed) && parsed == value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1_000")]
    [InlineData("12a")]
    [InlineData("0xg")]
    [InlineData("x12")]
    public void Parse_rejects_malformed_text(string text)
    {
        Assert.Throws<FormatException>(() => UInt256.Parse(text));
        Assert.False(UInt256.TryParse(text, out var value));
        Assert.Equal(UInt256.Zero, value);
    }

    [Fact]
    public void Parse_rejects_values_of_2_256_or_more()
    {
        Assert.Throws<OverflowException>(() => UInt256.Parse(Modulus.ToString(CultureInfo.InvariantCulture)));
        Assert.Throws<OverflowException>(() => UInt256.Parse("0x1" + new string('0', 64)));
        Assert.Equal(UInt256.One, UInt256.Parse("0x" + new string('0', 70) + "1"));
        Assert.False(UInt256.TryParse("0x1" + new string('0', 64), out _));
        Assert.Throws<ArgumentNullException>(() => UInt256.Parse((string)null!));
        Assert.Throws<FormatException>(() => UInt256.One.ToString("N", null));
    }

    [Fact]
    public void Big_endian_helpers_check_lengths()
    {
        Assert.Throws<ArgumentException>(() => UInt256.ReadBigEndian(new byte[31]));
        Assert.Throws<ArgumentException>(() => UInt256.One.WriteBigEndian(new byte[31]));
        var bytes = new UInt256(1, 2, 3, 4).ToBigEndianBytes();
        Assert.Equal(1, bytes[7]);
        Assert.Equal(4, bytes[31]);
        Assert.Equal(new UInt256(1, 2, 3, 4), UInt256.ReadBigEndian(bytes));
    }

    private static bool Throws<T>(Func<object> action)
        where T : Exception
    {
        try
        {
            action();
            return false;
        }
        catch (T)
        {
            return true;
        }
    }
}
