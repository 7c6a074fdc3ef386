using Parley.Crypto;

namespace Parley.Tests.Crypto;

public class SignatureTests
{
    private const string N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    private const string HalfN = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0";
    private const string HalfNPlusOne = "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1";
    private const string NMinusOne = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";
    private const string One = "0000000000000000000000000000000000000000000000000000000000000001";
    private const string Zero = "0000000000000000000000000000000000000000000000000000000000000000";

    // cast wallet sign --no-hash --private-key 0x4c0883a6…f362318 0xc5d24601…5d85a470 (keccak256 of nothing).
    private const string Known =
        "0x8aeffbfd072adec5a47c2cf0c65ea6360a8be719e48cf851ac667879c712b38276e45dc7c134e82237f1c910c73641383c77a2501751c92cb72247e0951616601b";

    private static byte[] Bytes(string r, string s, byte v) => [.. Convert.FromHexString(r), .. Convert.FromHexString(s), v];

    [Theory]
    [InlineData(0, 27)]
    [InlineData(1, 28)]
    [InlineData(27, 27)]
    [InlineData(28, 28)]
    public void FromBytes_accepts_v_0_1_27_28_and_emits_27_or_28(byte v, byte emitted)
    {
        var signature = Signature.FromBytes(Bytes(One, One, v));
        Assert.Equal(emitted, signature.V);
        Assert.Equal(emitted - 27, signature.RecoveryId);
        Assert.Equal(emitted, signature.ToBytes()[64]);
        Assert.Equal(signature, Signature.FromBytes(signature.ToBytes()));
    }

    [Theory]
    [InlineData((byte)2)]
    [InlineData((byte)26)]
    [InlineData((byte)29)]
    [InlineData((byte)37)]
    [InlineData((byte)255)]
    public void FromBytes_rejects_v_out_of_range(byte v)
    {
        var ex = Assert.Throws<SignatureException>(() => Signature.FromBytes(Bytes(One, One, v)));
        Assert.Equal(SignatureError.InvalidV, ex.Error);
        Assert.Contains($"got {v}", ex.Message);
    }

    [Theory]
    [InlineData(Zero, One, SignatureError.RIsZero)]
    [InlineData(N, One, SignatureError.RNotBelowOrder)]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", One, SignatureError.RNotBelowOrder)]
    [InlineData(One, Zero, SignatureError.SIsZero)]
    [InlineData(One, N, SignatureError.SNotBelowOrder)]
    [InlineData(One, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", SignatureError.SNotBelowOrder)]
    public void FromBytes_rejects_r_or_s_out_of_range_with_specific_errors(string r, string s, SignatureError error)
    {
        var ex = Assert.Throws<SignatureException>(() => Signature.FromBytes(Bytes(r, s, 27)));
        Assert.Equal(error, ex.Error);
        Assert.False(Signature.TryFromBytes(Bytes(r, s, 27), out var parsed, out var reported));
        Assert.Equal(error, reported);
        Assert.Equal(default, parsed);
    }

    [Fact]
    public void Boundaries_n_minus_1_and_1_are_accepted()
    {
        var signature = Signature.FromBytes(Bytes(NMinusOne, NMinusOne, 28));
        Assert.False(signature.IsLowS);
        Assert.True(Signature.FromBytes(Bytes(One, HalfN, 27)).IsLowS);
        Assert.False(Signature.FromBytes(Bytes(One, HalfNPlusOne, 27)).IsLowS);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    public void FromBytes_rejects_wrong_lengths(int length)
    {
        var ex = Assert.Throws<SignatureException>(() => Signature.FromBytes(new byte[length]));
        Assert.Equal(SignatureError.WrongLength, ex.Error);
        Assert.Contains($"got {length}", ex.Message);
        Assert.False(Signature.TryFromBytes(new byte[length], out _, out var error));
        Assert.Equal(SignatureError.WrongLength, error);
    }

    [Fact]
    public void Parse_and_ToString_round_trip_cast_form()
    {
        var signature = Signature.Parse(Known);
        Assert.Equal(Known, signature.ToString());
        Assert.Equal(Bytes32.Parse("0x8aeffbfd072adec5a47c2cf0c65ea6360a8be719e48cf851ac667879c712b382"), signature.R);
        Assert.Equal(Bytes32.Parse("0x76e45dc7c134e82237f1c910c73641383c77a2501751c92cb72247e095161660"), signature.S);
        Assert.Equal(27, signature.V);
        Assert.Throws<FormatException>(() => Signature.Parse(Known[2..]));
        Assert.Throws<FormatException>(() => Signature.Parse(Known[..^1] + "g"));
        Assert.Equal(SignatureError.WrongLength, Assert.Throws<SignatureException>(() => Signature.Parse(Known[..^2])).Error);
    }

    [Fact]
    public void Constructor_validates_like_FromBytes()
    {
        var one = Bytes32.Parse("0x" + One);
        Assert.Equal(SignatureError.RIsZero, Assert.Throws<SignatureException>(() => new Signature(Bytes32.Zero, one, 27)).Error);
        Assert.Equal(SignatureError.InvalidV, Assert.Throws<SignatureException>(() => new Signature(one, one, 3)).Error);
        Assert.Equal(28, new Signature(one, one, 1).V);
    }

    [Fact]
    public void CopyTo_checks_the_destination()
    {
        var signature = Signature.Parse(Known);
        Assert.Throws<ArgumentException>(() => signature.CopyTo(new byte[64]));
        var buffer = new byte[70];
        signature.CopyTo(buffer);
        Assert.Equal(signature.ToBytes(), buffer[..65]);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = Signature.Parse(Known);
        var bytes = a.ToBytes();
        bytes[64] = 28;
        var b = Signature.FromBytes(bytes);
        Assert.True(a == Signature.Parse(Known));
        Assert.True(a != b);
        Assert.Equal(a.GetHashCode(), Signature.Parse(Known).GetHashCode());
    }
}
