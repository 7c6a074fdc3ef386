using System.Numerics;
using Parley.Abi;
using Parley.TestSupport;

namespace Parley.Tests.Abi;

/// <summary>The string-typed coder's value mapping, type-list forms and encode-side errors.</summary>
public class AbiCoderTests
{
    private static readonly Address Alice = Address.Parse("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");

    [Fact]
    public void Integers_of_every_dotnet_type_encode_alike()
    {
        var expected = AbiCoder.Encode("(uint256,int64)", new BigInteger(200), new BigInteger(-3));
        object[] unsigned = [(byte)200, (ushort)200, 200u, 200UL, 200, 200L, (short)200, (UInt128)200, (Int128)200, (UInt256)200UL, (nint)200, (nuint)200];
        foreach (var value in unsigned)
        {
            Assert.Equal(expected, AbiCoder.Encode("(uint256,int64)", value, (sbyte)-3));
        }
    }

    [Fact]
    public void Decoded_values_use_the_documented_mapping()
    {
        var data = AbiCoder.Encode("(uint8,int256,address,bool,bytes2,bytes,string,uint16[],(bool,uint8)[1])",
            7, -1, Alice, true, new byte[] { 1, 2 }, new byte[] { 3 }, "hé", new[] { 1, 2 }, new object?[] { new object?[] { false, 9 } });
        var values = AbiCoder.Decode("(uint8,int256,address,bool,bytes2,bytes,string,uint16[],(bool,uint8)[1])", data);
        Assert.Equal(new BigInteger(7), Assert.IsType<BigInteger>(values[0]));
        Assert.Equal(BigInteger.MinusOne, Assert.IsType<BigInteger>(values[1]));
        Assert.Equal(Alice, Assert.IsType<Address>(values[2]));
        Assert.True(Assert.IsType<bool>(values[3]));
        Assert.Equal([1, 2], Assert.IsType<byte[]>(values[4]));
        Assert.Equal([3], Assert.IsType<byte[]>(values[5]));
        Assert.Equal("hé", Assert.IsType<string>(values[6]));
        Assert.Equal([BigInteger.One, new BigInteger(2)], Assert.IsType<object?[]>(values[7]).Cast<BigInteger>());
        var tuple = Assert.IsType<object?[]>(Assert.IsType<object?[]>(values[8])[0]);
        Assert.Equal([false, new BigInteger(9)], tuple);
    }

    [Fact]
    public void Type_lists_with_or_without_parentheses_names_and_white_space()
    {
        var expected = AbiCoder.Encode("(uint256,bytes)", 1, new byte[] { 2 });
        Assert.Equal(expected, AbiCoder.Encode("uint256,bytes", 1, new byte[] { 2 }));
        Assert.Equal(expected, AbiCoder.Encode(" ( uint amount , bytes data ) ", 1, new byte[] { 2 }));
        Assert.Equal(expected, AbiCoder.Encode(AbiType.Parse("(uint,bytes)"), 1, new byte[] { 2 }));
        Assert.Empty(AbiCoder.Encode("()"));
        Assert.Empty(AbiCoder.Encode(""));
        Assert.Empty(AbiCoder.Decode("()", []));
        Assert.Throws<FormatException>(() => AbiCoder.Encode("(uint256)[]", new object?[] { new object?[] { 1 } }));
        Assert.Throws<ArgumentException>(() => AbiCoder.Encode(AbiType.Parse("uint8"), 1));
        Assert.Throws<FormatException>(() => AbiCoder.Encode("(uint256", 1));
    }

    [Fact]
    public void Other_accepted_forms_of_values()
    {
        var bytes32 = Bytes32.Parse("0x" + new string('a', 64));
        Assert.Equal(AbiCoder.Encode("(bytes32)", bytes32.ToArray()), AbiCoder.Encode("(bytes32)", bytes32));
        Assert.Equal(AbiCoder.Encode("(address)", Alice), AbiCoder.Encode("(address)", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"));
        Assert.Equal(AbiCoder.Encode("(bytes)", new byte[] { 1 }), AbiCoder.Encode("(bytes)", new ReadOnlyMemory<byte>([1])));
        Assert.Equal(AbiCoder.Encode("(uint8[2])", [new object?[] { 1, 2 }]), AbiCoder.Encode("(uint8[2])", new List<int> { 1, 2 }));
    }

    [Theory]
    [InlineData("(uint8)", 256, "[0]", "uint8")]
    [InlineData("(uint8)", -1, "[0]", "uint8")]
    [InlineData("(int8)", 128, "[0]", "int8")]
    [InlineData("(int8)", -129, "[0]", "int8")]
    [InlineData("(uint8 x)", "1", "x", "expected an integer")]
    [InlineData("(bool flag)", 1, "flag", "expected a bool")]
    [InlineData("(address owner)", 1, "owner", "expected an Address")]
    [InlineData("(address owner)", "0x12", "owner", "address")]
    [InlineData("(string s)", null, "s", "expected a string")]
    [InlineData("(bytes b)", "00", "b", "expected a byte[]")]
    public void Values_that_do_not_fit_their_type_are_rejected_with_their_path(string types, object? value, string path, string detail)
    {
        var e = Assert.Throws<ArgumentException>(() => AbiCoder.Encode(types, value));
        Assert.Contains($"at {path} ", e.Message);
        Assert.Contains(detail, e.Message);
    }

    [Fact]
    public void Strings_without_a_UTF8_encoding_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => AbiCoder.Encode("(string s)", "a\ud800b"));
        Assert.Contains("at s ", e.Message);
        Assert.Contains("UTF-8", e.Message);
        Assert.Throws<ArgumentException>(() => new AbiWriter().WriteString("\udc00"));
    }

    [Fact]
    public void Nested_paths_and_shape_errors()
    {
        var types = "((address asset, uint8[] balances)[] outcome)";
        var e = Assert.Throws<ArgumentException>(() => AbiCoder.Encode(types, [new object?[] { new object?[] { Alice, new[] { 1, 300 } } }]));
        Assert.Contains("at outcome[0].balances[1] ", e.Message);

        e = Assert.Throws<ArgumentException>(() => AbiCoder.Encode("(bytes4)", new byte[3]));
        Assert.Contains("exactly 4 byte(s)", e.Message);
        e = Assert.Throws<ArgumentException>(() => AbiCoder.Encode("(uint8[3])", [new object?[] { 1, 2 }]));
        Assert.Contains("exactly 3 element(s)", e.Message);
        e = Assert.Throws<ArgumentException>(() => AbiCoder.Encode("((uint8,bool))", [new object?[] { 1 }]));
        Assert.Contains("exactly 2 component(s)", e.Message);
        e = Assert.Throws<ArgumentException>(() => AbiCoder.Encode("(uint8,bool)", 1));
        Assert.Contains("need 2 value(s), got 1", e.Message);
        Assert.Throws<ArgumentException>(() => AbiCoder.Encode("(uint8[])", 5));
    }

    [Fact]
    public void Function_calls_match_cast_calldata()
    {
        var expected = Cast.Run("calldata", "transfer(address,uint256)", Alice.ToLowerHex(), "1000000000000000000");
        var ours = AbiCoder.EncodeFunctionCall("transfer(address to, uint amount)", Alice, UInt256.Parse("1000000000000000000"));
        Assert.Equal(expected, "0x" + Convert.ToHexStringLower(ours));
    }
}
