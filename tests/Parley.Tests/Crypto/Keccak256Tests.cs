using System.Text;
using Parley.Crypto;

namespace Parley.Tests.Crypto;

public class Keccak256Tests
{
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData("transfer(address,uint256)", "0xa9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b")]
    public void Known_vectors(string input, string expected)
    {
        Assert.Equal(expected, Keccak256.Hash(Encoding.ASCII.GetBytes(input)).ToString());
    }

    [Fact]
    public void Is_not_sha3_256()
    {
        // SHA3-256("") = a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a (FIPS 202 padding).
        Assert.NotEqual("0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", Keccak256.Hash([]).ToString());
    }

    [Fact]
    public void Span_overload_writes_the_first_32_bytes_only_and_rejects_short_destinations()
    {
        var data = new byte[3000];
        new Random(7).NextBytes(data);
        var dest = new byte[40];
        dest.AsSpan(32).Fill(0xEE);
        Keccak256.Hash(data, dest);
        Assert.Equal(Keccak256.Hash(data).ToArray(), dest[..32]);
        Assert.All(dest[32..], b => Assert.Equal(0xEE, b));
        Assert.Throws<ArgumentException>(() => Keccak256.Hash(data, new byte[31]));
    }

    [Fact]
    public void Two_part_hash_equals_hash_of_concatenation()
    {
        var rng = new Random(11);
        foreach (var (a, b) in new[] { (0, 0), (0, 5), (5, 0), (135, 1), (1000, 1500), (2048, 3) })
        {
            var x = new byte[a];
            var y = new byte[b];
            rng.NextBytes(x);
            rng.NextBytes(y);
            var dest = new byte[32];
            Keccak256.Hash(x, y, dest);
            Assert.Equal(Keccak256.Hash([.. x, .. y]).ToArray(), dest);
        }
    }

    [Fact]
    public async Task Is_thread_safe()
    {
        var inputs = Enumerable.Range(0, 64).Select(i => Enumerable.Range(0, i * 37).Select(j => (byte)(j * i)).ToArray()).ToArray();
        var expected = inputs.Select(x => Keccak256.Hash(x)).ToArray();
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var round = 0; round < 50; round++)
            {
                for (var i = 0; i < inputs.Length; i++)
                {
                    Assert.Equal(expected[i], Keccak256.Hash(inputs[i]));
                }
            }
        }));
        await Task.WhenAll(tasks);
    }
}
