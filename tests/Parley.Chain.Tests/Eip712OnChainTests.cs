using System.Text;
using Parley.Chain;
using Parley.Crypto;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public sealed class Eip712ProbeFixture : AnvilFixture
{
    public Address Probe { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Probe = await DeployAsync(TestContracts.Load("Eip712Probe"));
    }
}

/// <summary>
/// Parley's EIP-712 hashing (Parley.Crypto) against OpenZeppelin's EIP712 and ECDSA compiled by solc and executed by
/// anvil (issue 2): the EVM is the oracle.
/// </summary>
public class Eip712OnChainTests(Eip712ProbeFixture chain) : IClassFixture<Eip712ProbeFixture>
{
    private const int States = 64;

    private static byte[] StateArgs(Bytes32 channelId, ulong turnNum, bool isFinal, Bytes32 appDataHash, Bytes32 outcomeHash) =>
        [.. Calldata.Word(channelId), .. Calldata.Word(turnNum), .. Calldata.Word(isFinal), .. Calldata.Word(appDataHash), .. Calldata.Word(outcomeHash)];

    private async Task<Bytes32> CallBytes32Async(string signature, params byte[][] args)
    {
        var result = await chain.Rpc.CallAsync(chain.Probe, Calldata.Call(signature, args));
        Assert.Equal(32, result.Length);
        return new Bytes32(result);
    }

    private async Task<Address> RecoverOnChainAsync(byte[] stateArgs, byte[] signature)
    {
        var data = Calldata.Call("recover(bytes32,uint48,bool,bytes32,bytes32,bytes)", stateArgs, Calldata.Word(6 * 32UL), Calldata.BytesTail(signature));
        var result = await chain.Rpc.CallAsync(chain.Probe, data);
        Assert.Equal(32, result.Length);
        Assert.All(result[..12], b => Assert.Equal(0, b));
        return new Address(result.AsSpan(12));
    }

    private static Bytes32 RandomBytes32(Random random)
    {
        var b = new byte[32];
        random.NextBytes(b);
        return new Bytes32(b);
    }

    [Fact]
    public async Task Domain_separator_and_type_hash_match_the_contract()
    {
        var domain = ParleyState.Domain(chain.ChainId, chain.Probe);
        Assert.Equal(await CallBytes32Async("domainSeparator()"), domain.Separator);
        Assert.Equal(await CallBytes32Async("STATE_TYPEHASH()"), ParleyState.TypeHash);
        // Bound to the verifying contract and the chain: another address or chain id gives another separator.
        Assert.NotEqual(ParleyState.Domain(chain.ChainId, chain.Accounts[0].Address).Separator, domain.Separator);
        Assert.NotEqual(ParleyState.Domain(chain.ChainId + 1, chain.Probe).Separator, domain.Separator);
    }

    [Fact]
    public async Task Struct_hash_and_digest_match_the_contract_for_random_states()
    {
        var random = new Random(20_251_121);
        var domain = ParleyState.Domain(chain.ChainId, chain.Probe);
        var checks = new List<Task>();
        for (var i = 0; i < States; i++)
        {
            var channelId = RandomBytes32(random);
            // Edge turn numbers first, then random ones across the uint48 range.
            var turnNum = i switch { 0 => 0UL, 1 => ParleyState.MaxTurnNum, 2 => 1UL, _ => (ulong)random.NextInt64(0, (long)ParleyState.MaxTurnNum + 1) };
            var isFinal = random.Next(2) == 1;
            var appDataHash = i == 3 ? Keccak256.Hash([]) : RandomBytes32(random);
            var outcomeHash = RandomBytes32(random);
            var args = StateArgs(channelId, turnNum, isFinal, appDataHash, outcomeHash);
            var structHash = ParleyState.StructHash(channelId, turnNum, isFinal, appDataHash, outcomeHash);
            var digest = ParleyState.Digest(domain, channelId, turnNum, isFinal, appDataHash, outcomeHash);
            Assert.Equal(Eip712.Digest(domain, structHash), digest);
            checks.Add(Check(args, structHash, digest, $"state {i} (turnNum {turnNum}, isFinal {isFinal})"));
        }
        await Task.WhenAll(checks);

        async Task Check(byte[] args, Bytes32 structHash, Bytes32 digest, string what)
        {
            Assert.True(structHash == await CallBytes32Async("structHash(bytes32,uint48,bool,bytes32,bytes32)", args), $"structHash of {what}");
            Assert.True(digest == await CallBytes32Async("digest(bytes32,uint48,bool,bytes32,bytes32)", args), $"digest of {what}");
        }
    }

    public static TheoryData<string> Backends()
    {
        var data = new TheoryData<string> { "managed" };
        if (Secp256k1.IsNativeAvailable)
        {
            data.Add("native");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Signatures_by_Parley_recover_on_chain_to_the_signer(string backendName)
    {
        var backend = Secp256k1.Select(backendName);
        var random = new Random(backendName.Length * 7919);
        var domain = ParleyState.Domain(chain.ChainId, chain.Probe);
        var keys = chain.Accounts.Select(a => a.PrivateKey).Concat(Enumerable.Range(0, 4).Select(_ => PrivateKey.Generate())).ToList();
        var checks = new List<Task>();
        for (var i = 0; i < States / 2; i++)
        {
            var key = keys[i % keys.Count];
            var channelId = RandomBytes32(random);
            var turnNum = (ulong)random.NextInt64(0, (long)ParleyState.MaxTurnNum + 1);
            var isFinal = random.Next(2) == 1;
            var appDataHash = RandomBytes32(random);
            var outcomeHash = RandomBytes32(random);
            var digest = ParleyState.Digest(domain, channelId, turnNum, isFinal, appDataHash, outcomeHash);
            var signature = key.Sign(digest, backend);
            Assert.True(signature.IsLowS);
            var args = StateArgs(channelId, turnNum, isFinal, appDataHash, outcomeHash);
            checks.Add(Check(args, signature.ToBytes(), key.Address));
        }
        await Task.WhenAll(checks);

        async Task Check(byte[] args, byte[] signature, Address signer) => Assert.Equal(signer, await RecoverOnChainAsync(args, signature));
    }

    [Fact]
    public async Task A_signature_for_another_chain_recovers_to_someone_else_and_high_s_is_refused()
    {
        var key = chain.Accounts[1].PrivateKey;
        var channelId = Keccak256.Hash(Encoding.ASCII.GetBytes("channel"));
        var args = StateArgs(channelId, 5, false, Keccak256.Hash([1]), Keccak256.Hash([2]));

        var otherChain = ParleyState.Domain(chain.ChainId + 1, chain.Probe);
        var wrong = key.Sign(ParleyState.Digest(otherChain, channelId, 5, false, Keccak256.Hash([1]), Keccak256.Hash([2])));
        Assert.NotEqual(key.Address, await RecoverOnChainAsync(args, wrong.ToBytes()));

        // The same signature with s' = n - s and v flipped is valid ECDSA but high-s: OpenZeppelin refuses it.
        var right = key.Sign(ParleyState.Digest(ParleyState.Domain(chain.ChainId, chain.Probe), channelId, 5, false, Keccak256.Hash([1]), Keccak256.Hash([2])));
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(right.S.AsSpan(), isUnsigned: true, isBigEndian: true);
        var highS = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var malleable = new byte[65];
        right.R.CopyTo(malleable);
        highS.CopyTo(malleable.AsSpan(64 - highS.Length));
        malleable[64] = (byte)(right.V == 27 ? 28 : 27);
        var e = await Assert.ThrowsAsync<JsonRpcException>(() => RecoverOnChainAsync(args, malleable));
        Assert.True(e.IsExecutionReverted);
        Assert.Equal(Calldata.Call("ECDSAInvalidSignatureS(bytes32)", highS.Length == 32 ? highS : [.. new byte[32 - highS.Length], .. highS]), e.RevertData);
    }
}
