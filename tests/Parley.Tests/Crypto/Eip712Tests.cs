using System.Numerics;
using System.Text;
using Parley.Crypto;

namespace Parley.Tests.Crypto;

public class Eip712Tests
{
    private static readonly Address Adjudicator = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    [Fact]
    public void Type_hashes_are_keccak_of_the_encoded_types()
    {
        Assert.Equal(Keccak256.Hash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"u8), Eip712Domain.TypeHash);
        Assert.Equal("0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f", Eip712Domain.TypeHash.ToString());
        Assert.Equal(Keccak256.Hash("State(bytes32 channelId,uint48 turnNum,bool isFinal,bytes32 appDataHash,bytes32 outcomeHash)"u8), ParleyState.TypeHash);
    }

    [Fact]
    public void Domain_separator_matches_the_eip712_mail_example()
    {
        // EIP-712's example domain (assets/eip-712/Example.js): separator 0xf2cee375…912090f.
        var domain = new Eip712Domain("Ether Mail", "1", 1UL, Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"));
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", domain.Separator.ToString());
    }

    [Fact]
    public void Parley_domain_has_name_Parley_and_version_1()
    {
        var domain = ParleyState.Domain(31337, Adjudicator);
        Assert.Equal("Parley", domain.Name);
        Assert.Equal("1", domain.Version);
        Assert.Equal(new BigInteger(31337), domain.ChainId);
        Assert.Equal(Adjudicator, domain.VerifyingContract);
        Assert.Equal(domain, ParleyState.Domain(new BigInteger(31337), Adjudicator));
        Assert.NotEqual(domain.Separator, ParleyState.Domain(31338, Adjudicator).Separator);
        Assert.Contains("chainId 31337", domain.ToString());
    }

    [Fact]
    public void Domain_rejects_chain_ids_outside_uint256()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ParleyState.Domain(BigInteger.MinusOne, Adjudicator));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParleyState.Domain(BigInteger.One << 256, Adjudicator));
        _ = ParleyState.Domain((BigInteger.One << 256) - 1, Adjudicator);
        Assert.Throws<ArgumentNullException>(() => new Eip712Domain(null!, "1", 1UL, Adjudicator));
    }

    [Fact]
    public void StructHash_encodes_six_words()
    {
        var channelId = Keccak256.Hash("channel"u8);
        var appDataHash = Keccak256.Hash("app"u8);
        var outcomeHash = Keccak256.Hash("outcome"u8);
        var expected = new byte[6 * 32];
        ParleyState.TypeHash.CopyTo(expected);
        channelId.CopyTo(expected.AsSpan(32));
        expected[64 + 26] = 0x01; // turnNum 0x0102030405 right-aligned in its word
        expected[64 + 27] = 0x02;
        expected[64 + 28] = 0x03;
        expected[64 + 29] = 0x04;
        expected[64 + 30] = 0x05;
        expected[64 + 31] = 0x06;
        expected[96 + 31] = 1;
        appDataHash.CopyTo(expected.AsSpan(128));
        outcomeHash.CopyTo(expected.AsSpan(160));
        Assert.Equal(Keccak256.Hash(expected), ParleyState.StructHash(channelId, 0x010203040506, true, appDataHash, outcomeHash));
        Assert.NotEqual(
            ParleyState.StructHash(channelId, 7, true, appDataHash, outcomeHash),
            ParleyState.StructHash(channelId, 7, false, appDataHash, outcomeHash));
    }

    [Fact]
    public void StructHash_rejects_turnNum_beyond_uint48()
    {
        _ = ParleyState.StructHash(Bytes32.Zero, ParleyState.MaxTurnNum, false, Bytes32.Zero, Bytes32.Zero);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ParleyState.StructHash(Bytes32.Zero, 1UL << 48, false, Bytes32.Zero, Bytes32.Zero));
        Assert.Equal("turnNum", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => ParleyState.StructHash(Bytes32.Zero, ulong.MaxValue, false, Bytes32.Zero, Bytes32.Zero));
    }

    [Fact]
    public void Digest_is_keccak_of_0x1901_separator_and_struct_hash()
    {
        var domain = ParleyState.Domain(1, Adjudicator);
        var structHash = Keccak256.Hash("s"u8);
        byte[] encoded = [0x19, 0x01, .. domain.Separator.ToArray(), .. structHash.ToArray()];
        Assert.Equal(Keccak256.Hash(encoded), Eip712.Digest(domain.Separator, structHash));
        Assert.Equal(Keccak256.Hash(encoded), Eip712.Digest(domain, structHash));
        Assert.Equal(
            Eip712.Digest(domain, ParleyState.StructHash(structHash, 3, false, structHash, structHash)),
            ParleyState.Digest(domain, structHash, 3, false, structHash, structHash));
    }

    [Fact]
    public void Personal_message_prefixes_the_decimal_length()
    {
        var message = Encoding.UTF8.GetBytes(new string('a', 1234));
        byte[] expected = [.. "\u0019Ethereum Signed Message:\n1234"u8, .. message];
        Assert.Equal(Keccak256.Hash(expected), PersonalMessage.Hash(message));
        Assert.Equal(Keccak256.Hash("\u0019Ethereum Signed Message:\n0"u8), PersonalMessage.Hash(ReadOnlySpan<byte>.Empty));
        // cast hash-message hello
        Assert.Equal("0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750", PersonalMessage.Hash("hello").ToString());
    }
}
