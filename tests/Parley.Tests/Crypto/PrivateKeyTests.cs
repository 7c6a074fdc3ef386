using Parley.Crypto;

namespace Parley.Tests.Crypto;

public class PrivateKeyTests
{
    private const string KnownKey = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    [Fact]
    public void Known_vector_has_the_known_address()
    {
        var key = PrivateKey.Parse(KnownKey);
        Assert.Equal("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", key.Address.ToString());
        Assert.Equal(Address.Parse("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"), new ManagedSecp256k1().GetPublicKey(key).Address);
        using var native = new NativeSecp256k1();
        Assert.Equal(key.PublicKey, native.GetPublicKey(key));
    }

    [Fact]
    public void ToString_never_prints_the_secret()
    {
        var key = PrivateKey.Parse(KnownKey);
        var text = key.ToString();
        Assert.DoesNotContain(KnownKey[2..], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("4c0883a6", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", text);
    }

    [Fact]
    public void Rejects_zero_and_values_not_below_n_with_specific_messages()
    {
        Assert.Contains("is zero", Assert.Throws<ArgumentException>(() => new PrivateKey(new byte[32])).Message);
        var n = Convert.FromHexString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
        Assert.Contains("not below the curve order n", Assert.Throws<ArgumentException>(() => new PrivateKey(n)).Message);
        var max = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        Assert.Contains("not below the curve order n", Assert.Throws<ArgumentException>(() => new PrivateKey(max)).Message);
        Assert.Contains("got 31", Assert.Throws<ArgumentException>(() => new PrivateKey(new byte[31])).Message);
        n[31] = 0x40; // n − 1 is the largest valid key
        Assert.Equal(n, new PrivateKey(n).ExportBytes());
        var one = new byte[32];
        one[31] = 1;
        Assert.Equal("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", new PrivateKey(one).Address.ToString());
    }

    [Theory]
    [InlineData("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "must start with \"0x\"")]
    [InlineData("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231", "got 63")]
    [InlineData("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231z", "non-hex")]
    public void Parse_rejects_malformed_text_without_echoing_it(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => PrivateKey.Parse(text));
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain("4c0883a6", ex.Message);
    }

    [Fact]
    public void Generate_makes_distinct_valid_keys_and_equality_is_by_secret()
    {
        var a = PrivateKey.Generate();
        var b = PrivateKey.Generate();
        Assert.NotEqual(a, b);
        Assert.Equal(a, PrivateKey.FromBytes(a.ExportBytes()));
        Assert.Equal(a.GetHashCode(), PrivateKey.FromBytes(a.ExportBytes()).GetHashCode());
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void ExportBytes_returns_a_copy()
    {
        var key = PrivateKey.Parse(KnownKey);
        var exported = key.ExportBytes();
        exported[0] ^= 0xFF;
        Assert.Equal(KnownKey, "0x" + Convert.ToHexStringLower(key.ExportBytes()));
    }

    [Fact]
    public void PublicKey_FromBytes_validates_the_point()
    {
        var key = PrivateKey.Parse(KnownKey);
        var xy = key.PublicKey.ToArray();
        Assert.Equal(key.PublicKey, PublicKey.FromBytes(xy));
        Assert.Equal(key.PublicKey, PublicKey.FromBytes([0x04, .. xy]));
        Assert.Contains("0x04", Assert.Throws<ArgumentException>(() => PublicKey.FromBytes([0x03, .. xy])).Message);
        Assert.Contains("got 33", Assert.Throws<ArgumentException>(() => PublicKey.FromBytes(new byte[33])).Message);
        var offCurve = (byte[])xy.Clone();
        offCurve[63] ^= 1;
        Assert.Contains("not a point on the secp256k1 curve", Assert.Throws<ArgumentException>(() => PublicKey.FromBytes(offCurve)).Message);
        var beyondP = Enumerable.Repeat((byte)0xFF, 64).ToArray();
        Assert.Contains("not below the secp256k1 field prime", Assert.Throws<ArgumentException>(() => PublicKey.FromBytes(beyondP)).Message);
        Assert.Equal(key.Address, Address.FromPublicKey(key.PublicKey));
    }
}
