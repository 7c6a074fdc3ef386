using Parley.Crypto;

namespace Parley.Tests.Crypto;

public class Bytes32Tests
{
    private const string Sample = "0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Fact]
    public void Round_trips_text_and_bytes()
    {
        var v = Bytes32.Parse(Sample);
        Assert.Equal(Sample, v.ToString());
        Assert.Equal(v, Bytes32.Parse(Sample.ToUpperInvariant().Replace("0X", "0x")));
        Assert.Equal(Convert.FromHexString(Sample[2..]), v.ToArray());
        Assert.Equal(v, new Bytes32(v.ToArray()));
        Assert.Equal(v, Bytes32.FromSpan(v.AsSpan()));
        var dest = new byte[33];
        v.CopyTo(dest);
        Assert.Equal(v.ToArray(), dest[..32]);
        Assert.Throws<ArgumentException>(() => v.CopyTo(new byte[31]));
    }

    [Fact]
    public void Zero_is_default()
    {
        Assert.Equal(default, Bytes32.Zero);
        Assert.True(Bytes32.Zero.IsZero);
        Assert.False(Bytes32.Parse(Sample).IsZero);
        Assert.Equal("0x" + new string('0', 64), Bytes32.Zero.ToString());
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = Bytes32.Parse(Sample);
        var bytes = a.ToArray();
        bytes[31] ^= 1;
        var b = new Bytes32(bytes);
        Assert.True(a == Bytes32.Parse(Sample));
        Assert.True(a != b);
        Assert.False(a.Equals(b));
        Assert.False(a.Equals((object)b));
        Assert.True(a.Equals((object)Bytes32.Parse(Sample)));
        Assert.Equal(a.GetHashCode(), Bytes32.Parse(Sample).GetHashCode());
        Assert.Equal(2, new HashSet<Bytes32> { a, b, Bytes32.Parse(Sample) }.Count);
    }

    [Fact]
    public void Span_of_a_temporary_is_usable_in_an_expression()
    {
        Assert.Equal(32, Keccak256.Hash([1, 2, 3]).AsSpan().Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Rejects_wrong_byte_lengths(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => new Bytes32(new byte[length]));
        Assert.Contains($"got {length}", ex.Message);
    }

    [Theory]
    [InlineData("", "must start with \"0x\"")]
    [InlineData("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "must start with \"0x\"")]
    [InlineData("0X00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "must start with \"0x\"")]
    [InlineData("0x", "exactly 64 hex digits after \"0x\", got 0")]
    [InlineData("0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeef", "got 63")]
    [InlineData("0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0", "got 65")]
    [InlineData("0x0011223344556677889gaabbccddeeff00112233445566778899aabbccddeeff", "non-hex character 'g' at index 21")]
    [InlineData("0x 0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "non-hex character ' ' at index 2")]
    public void Parse_rejects_malformed_text_with_a_specific_message(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => Bytes32.Parse(text));
        Assert.Contains(message, ex.Message);
        Assert.False(Bytes32.TryParse(text, out var v));
        Assert.Equal(Bytes32.Zero, v);
    }

    [Fact]
    public void TryParse_accepts_well_formed_text_and_rejects_null()
    {
        Assert.True(Bytes32.TryParse(Sample, out var v));
        Assert.Equal(Sample, v.ToString());
        Assert.True(Bytes32.TryParse(Sample.AsSpan(), out v));
        Assert.False(Bytes32.TryParse((string?)null, out _));
        Assert.Throws<ArgumentNullException>(() => Bytes32.Parse((string)null!));
    }

    [Fact]
    public void TryFormat_needs_66_chars()
    {
        var v = Bytes32.Parse(Sample);
        Assert.False(v.TryFormat(new char[65], out var n));
        Assert.Equal(0, n);
        var buf = new char[70];
        Assert.True(v.TryFormat(buf, out n));
        Assert.Equal(66, n);
        Assert.Equal(Sample, new string(buf, 0, n));
    }
}
