using Parley.Abi;

namespace Parley.Tests.Abi;

/// <summary>Selectors (vectors from <c>cast sig</c>, Foundry 1.7.1) and signature canonicalisation.</summary>
public class AbiFunctionTests
{
    [Theory]
    [InlineData("transfer(address,uint256)", "a9059cbb")]
    [InlineData("transfer(address to, uint amount)", "a9059cbb")]
    [InlineData("  transfer ( address , uint )  ", "a9059cbb")]
    [InlineData("balanceOf(address)", "70a08231")]
    [InlineData("reduce(bytes,(address,uint256[])[],bytes,uint256)", "c207e468")]
    [InlineData("reduce(bytes appData, tuple(address asset, uint[] balances)[] outcome, bytes action, uint moverIndex)", "c207e468")]
    [InlineData("f()", "26121ff0")]
    [InlineData("g(uint8[3][],(bool,(string,bytes32))[2])", "c2cc4eb2")]
    [InlineData("nextMover(bytes,uint48,uint256)", "2aaca82a")]
    public void Selectors_match_cast(string signature, string selector)
    {
        Assert.Equal(selector, Convert.ToHexStringLower(AbiFunction.Selector(signature)));
        Span<byte> destination = stackalloc byte[4];
        AbiFunction.Selector(signature, destination);
        Assert.Equal(selector, Convert.ToHexStringLower(destination));
    }

    [Theory]
    [InlineData("transfer(address to, uint amount)", "transfer(address,uint256)")]
    [InlineData("f(int,uint[2][], (int8, bytes)[])", "f(int256,uint256[2][],(int8,bytes)[])")]
    [InlineData("$_x1()", "$_x1()")]
    public void Signatures_are_canonicalised(string signature, string canonical) =>
        Assert.Equal(canonical, AbiFunction.CanonicalSignature(signature));

    [Theory]
    [InlineData("")]
    [InlineData("transfer")]
    [InlineData("transfer(")]
    [InlineData("transfer(address,)")]
    [InlineData("transfer(address")]
    [InlineData("transfer(address))")]
    [InlineData("1transfer(address)")]
    [InlineData("f(uint7)")]
    [InlineData("f(uint264)")]
    [InlineData("f(uint08)")]
    [InlineData("f(int0)")]
    [InlineData("f(bytes0)")]
    [InlineData("f(bytes33)")]
    [InlineData("f(fixed128x18)")]
    [InlineData("f(function)")]
    [InlineData("f(address[0])")]
    [InlineData("f(address[01])")]
    [InlineData("f(address[-1])")]
    [InlineData("f(())")]
    [InlineData("f(ui nt)")]
    [InlineData("f(uint256 a b)")]
    [InlineData("f(mapping)")]
    public void Malformed_signatures_are_rejected(string signature) =>
        Assert.Throws<FormatException>(() => AbiFunction.Selector(signature));

    [Fact]
    public void Types_parse_to_their_canonical_form_and_layout()
    {
        var type = AbiType.Parse("(address asset, uint[] balances)[]");
        Assert.Equal("(address,uint256[])[]", type.CanonicalName);
        Assert.True(type.IsDynamic);
        Assert.Equal(new string?[] { "asset", "balances" }, type.ElementType!.ComponentNames.ToArray());
        var fixedType = AbiType.Parse("(uint8,bool[3])[2]");
        Assert.False(fixedType.IsDynamic);
        Assert.Equal(8, fixedType.HeadWords);
        Assert.Equal(AbiType.Parse("tuple(uint8, bool[3])[2]"), fixedType);
        var nested = string.Concat(Enumerable.Repeat("(", 30)) + "uint8" + string.Concat(Enumerable.Repeat(")", 30));
        Assert.Throws<FormatException>(() => AbiType.Parse(nested));
        Assert.Throws<FormatException>(() => AbiType.Parse("uint8[1048576][2]"));
    }
}
