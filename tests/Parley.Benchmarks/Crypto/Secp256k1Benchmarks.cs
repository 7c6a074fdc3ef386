using BenchmarkDotNet.Attributes;
using Parley.Crypto;

namespace Parley.Benchmarks.Crypto;

/// <summary>
/// Signing and recovery with each secp256k1 back-end, on a real Keccak-256 digest. Targets (native): sign ≤ 30 µs,
/// recover ≤ 45 µs. Recovery includes deriving the address (one Keccak-256), as callers use it.
/// </summary>
[MemoryDiagnoser]
public class Secp256k1Benchmarks
{
    private readonly NativeSecp256k1 _native = new();
    private readonly ManagedSecp256k1 _managed = new();
    private PrivateKey _key = null!;
    private Bytes32 _hash;
    private Signature _signature;

    [GlobalSetup]
    public void Setup()
    {
        _key = PrivateKey.Parse("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
        _hash = Keccak256.Hash("Parley benchmark"u8);
        _signature = _native.Sign(_hash, _key);
    }

    [GlobalCleanup]
    public void Cleanup() => _native.Dispose();

    [Benchmark(Description = "sign-native")]
    public Signature SignNative() => _native.Sign(_hash, _key);

    [Benchmark(Description = "recover-native")]
    public Address RecoverNative() => _native.Recover(_hash, _signature);

    [Benchmark(Description = "sign-managed")]
    public Signature SignManaged() => _managed.Sign(_hash, _key);

    [Benchmark(Description = "recover-managed")]
    public Address RecoverManaged() => _managed.Recover(_hash, _signature);
}
