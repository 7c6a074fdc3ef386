using System.Numerics;
using Parley.Crypto;
using Xunit.Abstractions;

namespace Parley.Tests.Crypto;

public sealed class Secp256k1BackendTests(ITestOutputHelper output) : IDisposable
{
    private static readonly BigInteger N = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", System.Globalization.NumberStyles.HexNumber);

    private readonly NativeSecp256k1 _native = new();
    private readonly ManagedSecp256k1 _managed = new();

    public void Dispose() => _native.Dispose();

    private IEnumerable<ISecp256k1> Both => [_native, _managed];

    [Fact]
    public void Native_and_managed_agree_on_random_keys_and_hashes()
    {
        var random = SeededRandom.Create(output);
        for (var i = 0; i < 200; i++)
        {
            var key = random.NextPrivateKey();
            var hash = random.NextHash();
            var publicKey = _native.GetPublicKey(key);
            Assert.Equal(publicKey, _managed.GetPublicKey(key));
            var signature = _native.Sign(hash, key);
            Assert.Equal(signature, _managed.Sign(hash, key));
            Assert.True(signature.IsLowS);
            Assert.Equal(publicKey, _native.RecoverPublicKey(hash, signature));
            Assert.Equal(publicKey, _managed.RecoverPublicKey(hash, signature));

            // A different hash recovers some other key, identically in both.
            var other = random.NextHash();
            Assert.True(_native.TryRecoverPublicKey(other, signature, out var a, out _));
            Assert.True(_managed.TryRecoverPublicKey(other, signature, out var b, out _));
            Assert.Equal(a, b);
            Assert.NotEqual(publicKey, a);
        }
    }

    [Fact]
    public void Signing_is_deterministic()
    {
        var random = SeededRandom.Create(output);
        var key = random.NextPrivateKey();
        var hash = random.NextHash();
        foreach (var backend in Both)
        {
            Assert.Equal(backend.Sign(hash, key), backend.Sign(hash, key));
        }
    }

    [Fact]
    public void High_s_is_rejected_although_ecrecover_math_would_accept_it()
    {
        var random = SeededRandom.Create(output);
        for (var i = 0; i < 20; i++)
        {
            var key = random.NextPrivateKey();
            var hash = random.NextHash();
            var low = _native.Sign(hash, key);
            var s = new BigInteger(low.S.AsSpan(), isUnsigned: true, isBigEndian: true);
            var highS = new byte[32];
            (N - s).TryWriteBytes(highS, out _, isUnsigned: true, isBigEndian: true);
            // The twin (r, n − s, flipped v) is a valid ECDSA signature of the same key, but not low-s.
            var high = new Signature(low.R, new Bytes32(highS), (byte)(low.V == 27 ? 28 : 27));
            Assert.False(high.IsLowS);
            foreach (var backend in Both)
            {
                var ex = Assert.Throws<SignatureException>(() => backend.Recover(hash, high));
                Assert.Equal(SignatureError.HighS, ex.Error);
                Assert.Contains("high-s", ex.Message);
                Assert.False(backend.TryRecover(hash, high, out var signer));
                Assert.Equal(Address.Zero, signer);
                Assert.False(backend.TryRecoverPublicKey(hash, high, out _, out var error));
                Assert.Equal(SignatureError.HighS, error);
            }
        }
    }

    [Fact]
    public void Default_signature_is_rejected_as_r_zero()
    {
        foreach (var backend in Both)
        {
            Assert.Equal(SignatureError.RIsZero, Assert.Throws<SignatureException>(() => backend.Recover(Bytes32.Zero, default)).Error);
        }
    }

    [Fact]
    public void An_r_that_is_no_curve_x_coordinate_is_not_recoverable_in_both()
    {
        var random = SeededRandom.Create(output);
        var notRecoverable = 0;
        for (var i = 0; i < 60; i++)
        {
            // r below 2^255 keeps it below n; s small keeps it low.
            var rBytes = random.Bytes(32);
            rBytes[0] &= 0x7F;
            rBytes[31] |= 1;
            var sBytes = new byte[32];
            sBytes[31] = (byte)random.Next(1, 256);
            var signature = new Signature(new Bytes32(rBytes), new Bytes32(sBytes), (byte)(27 + random.Next(2)));
            var hash = random.NextHash();
            var nativeOk = _native.TryRecoverPublicKey(hash, signature, out var a, out var nativeError);
            var managedOk = _managed.TryRecoverPublicKey(hash, signature, out var b, out var managedError);
            Assert.Equal(nativeOk, managedOk);
            Assert.Equal(nativeError, managedError);
            Assert.Equal(a, b);
            if (!nativeOk)
            {
                notRecoverable++;
                Assert.Equal(SignatureError.NotRecoverable, nativeError);
                Assert.Equal(SignatureError.NotRecoverable, Assert.Throws<SignatureException>(() => _managed.RecoverPublicKey(hash, signature)).Error);
            }
        }
        // About half of all x values are not on the curve.
        Assert.InRange(notRecoverable, 5, 55);
    }

    [Fact]
    public async Task Shared_instances_are_thread_safe()
    {
        var random = SeededRandom.Create(output);
        var cases = Enumerable.Range(0, 30).Select(_ => (Key: random.NextPrivateKey(), Hash: random.NextHash())).ToArray();
        var expected = cases.Select(c => _managed.Sign(c.Hash, c.Key)).ToArray();
        foreach (var backend in Both)
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                for (var round = 0; round < 3; round++)
                {
                    for (var i = 0; i < cases.Length; i++)
                    {
                        var signature = backend.Sign(cases[i].Hash, cases[i].Key);
                        Assert.Equal(expected[i], signature);
                        Assert.Equal(cases[i].Key.Address, backend.Recover(cases[i].Hash, signature));
                    }
                }
            })));
        }
    }

    [Fact]
    public void Select_picks_by_name_and_rejects_unknown_names()
    {
        Assert.True(Secp256k1.IsNativeAvailable);
        Assert.Equal("native", Secp256k1.Select("native").Name);
        Assert.Equal("native", Secp256k1.Select(" Native ").Name);
        Assert.Equal("managed", Secp256k1.Select("managed").Name);
        Assert.IsType<ManagedSecp256k1>(Secp256k1.Select("MANAGED"));
        Assert.Equal("native", Secp256k1.Select(null).Name);
        Assert.Equal("native", Secp256k1.Select("").Name);
        Assert.Contains("\"fast\"", Assert.Throws<ArgumentException>(() => Secp256k1.Select("fast")).Message);
    }

    [Fact]
    public void FromEnvironment_reads_PARLEY_SECP256K1()
    {
        _ = Secp256k1.Default; // fix the process-wide choice before changing the variable
        var saved = Environment.GetEnvironmentVariable(Secp256k1.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Secp256k1.EnvironmentVariable, "managed");
            Assert.IsType<ManagedSecp256k1>(Secp256k1.FromEnvironment());
            Environment.SetEnvironmentVariable(Secp256k1.EnvironmentVariable, "native");
            Assert.IsType<NativeSecp256k1>(Secp256k1.FromEnvironment());
            Environment.SetEnvironmentVariable(Secp256k1.EnvironmentVariable, null);
            Assert.IsType<NativeSecp256k1>(Secp256k1.FromEnvironment());
            Environment.SetEnvironmentVariable(Secp256k1.EnvironmentVariable, "bouncy");
            var ex = Assert.Throws<InvalidOperationException>(() => Secp256k1.FromEnvironment());
            Assert.Contains("PARLEY_SECP256K1=bouncy", ex.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Secp256k1.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Default_follows_the_variable_the_process_started_with()
    {
        var forced = Environment.GetEnvironmentVariable(Secp256k1.EnvironmentVariable);
        output.WriteLine($"PARLEY_SECP256K1={forced ?? "(unset)"}; Secp256k1.Default is {Secp256k1.Default.Name}");
        Assert.Equal(string.IsNullOrWhiteSpace(forced) ? "native" : forced.Trim().ToLowerInvariant(), Secp256k1.Default.Name);
    }
}
