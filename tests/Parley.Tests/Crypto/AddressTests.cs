namespace Parley.Tests.Crypto;

public class AddressTests
{
    // EIP-55's test vectors (https://eips.ethereum.org/EIPS/eip-55), plus all-caps and all-lowercase checksums.
    public static TheoryData<string> Eip55Vectors =>
    [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    [Theory]
    [MemberData(nameof(Eip55Vectors))]
    public void Formats_and_parses_eip55_vectors(string checksummed)
    {
        var fromExact = Address.Parse(checksummed);
        Assert.Equal(checksummed, fromExact.ToString());
        Assert.Equal(fromExact, Address.Parse(checksummed.ToLowerInvariant()));
        Assert.Equal(fromExact, Address.Parse("0x" + checksummed[2..].ToUpperInvariant()));
        Assert.Equal(checksummed.ToLowerInvariant(), fromExact.ToLowerHex());
    }

    [Fact]
    public void Rejects_a_mixed_case_address_with_a_bad_checksum()
    {
        // One letter's case flipped in an EIP-55 vector.
        const string bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
        var ex = Assert.Throws<FormatException>(() => Address.Parse(bad));
        Assert.Contains("not a valid EIP-55 checksum", ex.Message);
        Assert.Contains("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ex.Message);
        Assert.False(Address.TryParse(bad, out var v));
        Assert.Equal(Address.Zero, v);
    }

    [Theory]
    [InlineData("", "must start with \"0x\"")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "must start with \"0x\"")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "exactly 40 hex digits after \"0x\", got 39")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00", "got 42")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaez", "non-hex character 'z' at index 41")]
    public void Parse_rejects_malformed_text_with_a_specific_message(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => Address.Parse(text));
        Assert.Contains(message, ex.Message);
        Assert.False(Address.TryParse(text, out _));
    }

    [Fact]
    public void Orders_as_unsigned_big_endian_uint160()
    {
        var low = Address.Parse("0x7fffffffffffffffffffffffffffffffffffffff");
        var high = Address.Parse("0x8000000000000000000000000000000000000000");
        var one = Address.Parse("0x0000000000000000000000000000000000000001");
        var lastByteHigh = Address.Parse("0x00000000000000000000000000000000000000ff");
        Assert.True(low < high);
        Assert.True(high > low);
        Assert.True(Address.Zero < one);
        Assert.True(one < lastByteHigh);
        Assert.True(lastByteHigh < low);
        var lowAgain = Address.Parse(low.ToLowerHex());
        Assert.True(low <= lowAgain && low >= lowAgain);
        Assert.Equal(0, low.CompareTo(Address.Parse(low.ToLowerHex())));
        var sorted = new[] { high, lastByteHigh, Address.Zero, low, one }.Order().ToArray();
        Assert.Equal([Address.Zero, one, lastByteHigh, low, high], sorted);
    }

    [Fact]
    public void Bytes_round_trip_and_length_is_checked()
    {
        var bytes = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var a = Address.FromSpan(bytes);
        Assert.Equal(bytes, a.ToArray());
        Assert.Equal(bytes, a.AsSpan().ToArray());
        var dest = new byte[20];
        a.CopyTo(dest);
        Assert.Equal(bytes, dest);
        Assert.Throws<ArgumentException>(() => a.CopyTo(new byte[19]));
        Assert.Throws<ArgumentException>(() => new Address(new byte[19]));
        Assert.Throws<ArgumentException>(() => new Address(new byte[21]));
        Assert.True(Address.Zero.IsZero);
        Assert.False(a.IsZero);
        Assert.Equal(a.GetHashCode(), Address.FromSpan(bytes).GetHashCode());
    }

    [Fact]
    public void FromPublicKey_is_the_last_20_bytes_of_keccak_of_x_and_y()
    {
        // The public key of private key 0x4c0883a6…f362318 (a well-known vector; x ‖ y as `cast wallet public-key` prints it) has address 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23.
        var xy = Convert.FromHexString(
            "4e3b81af9c2234cad09d679ce6035ed1392347ce64ce405f5dcd36228a25de6e47fd35c4215d1edf53e6f83de344615ce719bdb0fd878f6ed76f06dd277956de");
        Assert.Equal("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", Address.FromPublicKey(xy).ToString());
        Assert.Throws<ArgumentException>(() => Address.FromPublicKey(new byte[65]));
    }
}
