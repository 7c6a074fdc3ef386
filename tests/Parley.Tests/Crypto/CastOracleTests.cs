using System.Globalization;
using System.Numerics;
using System.Text;
using Parley.Crypto;
using Parley.TestSupport;
using Xunit.Abstractions;

namespace Parley.Tests.Crypto;

/// <summary>Differential tests against Foundry's cast 1.7.1, an implementation no one here wrote.</summary>
public class CastOracleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Keccak_matches_cast_for_300_random_lengths()
    {
        var random = SeededRandom.Create(output);
        var inputs = Enumerable.Range(0, 300)
            .Select(i => random.Bytes(i switch { 0 => 0, 1 => 4096, 2 => 135, 3 => 136, 4 => 137, _ => random.Next(0, 4097) }))
            .ToArray();
        var expected = await Cast.RunManyAsync(inputs.Select(x => new[] { "keccak", SeededRandom.Hex(x) }).ToArray());
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.True(expected[i] == Keccak256.Hash(inputs[i]).ToString(), $"keccak of {inputs[i].Length} bytes differs from cast");
        }
    }

    [Fact]
    public async Task Addresses_of_random_keys_match_cast()
    {
        var random = SeededRandom.Create(output);
        var keys = Enumerable.Range(0, 100).Select(_ => random.NextPrivateKey()).ToArray();
        var expected = await Cast.RunManyAsync(keys.Select(k => new[] { "wallet", "address", "--private-key", k.Hex() }).ToArray());
        using var native = new NativeSecp256k1();
        var managed = new ManagedSecp256k1();
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(expected[i], keys[i].Address.ToString());
            Assert.Equal(expected[i], native.GetPublicKey(keys[i]).Address.ToString());
            Assert.Equal(expected[i], managed.GetPublicKey(keys[i]).Address.ToString());
        }
    }

    [Fact]
    public async Task Public_keys_of_random_keys_match_cast()
    {
        var random = SeededRandom.Create(output);
        var keys = Enumerable.Range(0, 40).Select(_ => random.NextPrivateKey()).ToArray();
        var expected = await Cast.RunManyAsync(keys.Select(k => new[] { "wallet", "public-key", "--private-key", k.Hex() }).ToArray());
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(expected[i], keys[i].PublicKey.ToString());
            Assert.Equal(keys[i].PublicKey, PublicKey.Parse(expected[i]));
        }
    }

    [Fact]
    public async Task Eip55_checksums_match_cast()
    {
        var random = SeededRandom.Create(output);
        var addresses = Enumerable.Range(0, 100).Select(_ => random.NextAddress()).ToArray();
        var expected = await Cast.RunManyAsync(addresses.Select(a => new[] { "to-check-sum-address", a.ToLowerHex() }).ToArray());
        for (var i = 0; i < addresses.Length; i++)
        {
            Assert.Equal(expected[i], addresses[i].ToString());
            Assert.Equal(addresses[i], Address.Parse(expected[i]));
        }
    }

    public static TheoryData<string> Backends => ["native", "managed"];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Signatures_of_150_random_keys_match_cast_byte_for_byte_and_recover_the_signer(string backendName)
    {
        // Constructed explicitly, not through PARLEY_SECP256K1.
        ISecp256k1 backend = backendName == "native" ? new NativeSecp256k1() : new ManagedSecp256k1();
        var random = SeededRandom.Create(output);
        var cases = Enumerable.Range(0, 150).Select(_ => (Key: random.NextPrivateKey(), Hash: random.NextHash())).ToArray();
        var expected = await Cast.RunManyAsync(
            cases.Select(c => new[] { "wallet", "sign", "--no-hash", "--private-key", c.Key.Hex(), c.Hash.ToString() }).ToArray());
        for (var i = 0; i < cases.Length; i++)
        {
            var (key, hash) = cases[i];
            var signature = backend.Sign(hash, key);
            Assert.True(expected[i] == signature.ToString(), $"{backend.Name}: signature of {hash} differs from cast's {expected[i]}");
            Assert.Equal(Signature.Parse(expected[i]), signature);
            Assert.True(signature.IsLowS);
            Assert.Equal(key.Address, backend.Recover(hash, signature));
            Assert.Equal(key.PublicKey, backend.RecoverPublicKey(hash, signature));
            Assert.True(backend.TryRecover(hash, signature, out var signer));
            Assert.Equal(key.Address, signer);
        }
        (backend as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Personal_message_hashes_match_cast_hash_message()
    {
        var random = SeededRandom.Create(output);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFXYZ0123456789.,!?-_éüß€漢字";
        var messages = Enumerable.Range(0, 60)
            .Select(i => new string(Enumerable.Range(0, i == 0 ? 1 : random.Next(1, 300)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .ToArray();
        var expected = await Cast.RunManyAsync(messages.Select(m => new[] { "hash-message", "--", m }).ToArray());
        for (var i = 0; i < messages.Length; i++)
        {
            Assert.Equal(expected[i], PersonalMessage.Hash(messages[i]).ToString());
            Assert.Equal(expected[i], PersonalMessage.Hash(Encoding.UTF8.GetBytes(messages[i])).ToString());
        }
    }

    [Fact]
    public async Task Personal_message_signatures_of_binary_messages_match_cast_wallet_sign()
    {
        // cast wallet sign (without --no-hash) hex-decodes a 0x message and signs its EIP-191 digest.
        var random = SeededRandom.Create(output);
        var cases = Enumerable.Range(0, 40).Select(i => (Key: random.NextPrivateKey(), Message: random.Bytes(i == 0 ? 1 : random.Next(1, 1500)))).ToArray();
        var expected = await Cast.RunManyAsync(
            cases.Select(c => new[] { "wallet", "sign", "--private-key", c.Key.Hex(), SeededRandom.Hex(c.Message) }).ToArray());
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(expected[i], cases[i].Key.Sign(PersonalMessage.Hash(cases[i].Message)).ToString());
        }
    }

    [Fact]
    public async Task Eip712_state_signatures_match_cast_typed_data_signing()
    {
        var random = SeededRandom.Create(output);
        var dir = Directory.CreateTempSubdirectory("parley-eip712-");
        try
        {
            var cases = Enumerable.Range(0, 30).Select(i => new StateCase(
                Key: random.NextPrivateKey(),
                ChainId: i switch
                {
                    0 => BigInteger.Zero,
                    1 => (BigInteger.One << 256) - 1,
                    2 => new BigInteger(31337),
                    _ => new BigInteger(random.Bytes(random.Next(1, 33)), isUnsigned: true, isBigEndian: true),
                },
                Adjudicator: random.NextAddress(),
                ChannelId: random.NextBytes32(),
                TurnNum: i switch { 0 => 0UL, 1 => ParleyState.MaxTurnNum, _ => (ulong)random.NextInt64(0, 1L << 48) },
                IsFinal: random.Next(2) == 1,
                AppDataHash: random.NextHash(),
                OutcomeHash: random.NextHash())).ToArray();
            var calls = cases.Select((c, i) =>
            {
                var path = Path.Combine(dir.FullName, $"state{i}.json");
                File.WriteAllText(path, c.TypedDataJson());
                return new[] { "wallet", "sign", "--data", "--from-file", path, "--private-key", c.Key.Hex() };
            }).ToArray();
            var expected = await Cast.RunManyAsync(calls);
            for (var i = 0; i < cases.Length; i++)
            {
                var c = cases[i];
                var domain = ParleyState.Domain(c.ChainId, c.Adjudicator);
                var digest = ParleyState.Digest(domain, c.ChannelId, c.TurnNum, c.IsFinal, c.AppDataHash, c.OutcomeHash);
                Assert.True(expected[i] == c.Key.Sign(digest).ToString(), $"EIP-712 signature differs from cast for {c}");
                Assert.Equal(c.Key.Address, Signature.Parse(expected[i]).Recover(digest));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private sealed record StateCase(
        PrivateKey Key, BigInteger ChainId, Address Adjudicator, Bytes32 ChannelId, ulong TurnNum, bool IsFinal, Bytes32 AppDataHash, Bytes32 OutcomeHash)
    {
        public string TypedDataJson() => $$"""
            {
              "types": {
                "EIP712Domain": [
                  {"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                  {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}
                ],
                "State": [
                  {"name": "channelId", "type": "bytes32"}, {"name": "turnNum", "type": "uint48"},
                  {"name": "isFinal", "type": "bool"}, {"name": "appDataHash", "type": "bytes32"},
                  {"name": "outcomeHash", "type": "bytes32"}
                ]
              },
              "primaryType": "State",
              "domain": {"name": "Parley", "version": "1", "chainId": "{{ChainId.ToString(CultureInfo.InvariantCulture)}}", "verifyingContract": "{{Adjudicator.ToLowerHex()}}"},
              "message": {
                "channelId": "{{ChannelId}}", "turnNum": "{{TurnNum.ToString(CultureInfo.InvariantCulture)}}",
                "isFinal": {{(IsFinal ? "true" : "false")}}, "appDataHash": "{{AppDataHash}}", "outcomeHash": "{{OutcomeHash}}"
              }
            }
            """;
    }
}
