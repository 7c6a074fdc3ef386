using System.Text;
using Parley.Abi;

namespace Parley.Generators.Tests;

/// <summary>The generator's own Keccak-256 (it cannot reference the runtime) against the runtime's and known vectors.</summary>
public sealed class SelectorTests
{
    [Theory]
    [InlineData("")]
    [InlineData("play(uint8)")]
    [InlineData("transfer(address,uint256)")]
    [InlineData("a string longer than one keccak block of one hundred and thirty-six bytes, so that the sponge absorbs twice........")]
    public void Keccak_matches_the_runtime(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(Crypto.Keccak256.Hash(bytes).ToArray(), Hashing.Keccak256.Hash(bytes));
    }

    [Fact]
    public void Selectors_match_known_vectors_and_the_runtime()
    {
        Assert.Equal(0xa9059cbbu, Hashing.Keccak256.Selector("transfer(address,uint256)"));
        var runtime = AbiFunction.Selector("play(uint8)");
        Assert.Equal((uint)(runtime[0] << 24 | runtime[1] << 16 | runtime[2] << 8 | runtime[3]), Hashing.Keccak256.Selector("play(uint8)"));
    }
}
