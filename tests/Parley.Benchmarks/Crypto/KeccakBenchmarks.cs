using BenchmarkDotNet.Attributes;
using Parley.Crypto;

namespace Parley.Benchmarks.Crypto;

/// <summary>Keccak-256 of 32 bytes (a word) and 1 KiB; target for 32 B: ≤ 600 ns.</summary>
[MemoryDiagnoser]
public class KeccakBenchmarks
{
    private readonly byte[] _word = new byte[32];
    private readonly byte[] _kib = new byte[1024];
    private readonly byte[] _digest = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        random.NextBytes(_word);
        random.NextBytes(_kib);
    }

    [Benchmark(Description = "keccak-32B")]
    public void Keccak32B() => Keccak256.Hash(_word, _digest);

    [Benchmark(Description = "keccak-1KiB")]
    public void Keccak1KiB() => Keccak256.Hash(_kib, _digest);
}
