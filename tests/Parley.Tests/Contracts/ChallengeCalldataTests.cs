using System.Text.Json;
using Parley.Abi;
using Parley.Crypto;
using Parley.Channels;
using Parley.Contracts;
using Parley.TestSupport;

namespace Parley.Tests.Contracts;

/// <summary>
/// <see cref="AdjudicatorAbi.DecodeChallenge"/>: the inverse of <see cref="AdjudicatorAbi.EncodeChallenge(SupportProof)"/>,
/// checked against cast's decoding of the same calldata, and strict about everything else.
/// </summary>
public class ChallengeCalldataTests
{
    private static readonly PrivateKey[] Keys =
    [
        PrivateKey.Parse("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
        PrivateKey.Parse("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
    ];

    private static readonly FixedPart Fixed = new(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), Keys.Select(k => k.Address), 7,
        Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), 3600);

    private static VariablePart Variable(ulong turn, bool isFinal = false) =>
        new([0xde, 0xad, (byte)turn], new Outcome(new AssetOutcome(AdjudicatorAbi.EthAsset, [1000, 2000 + turn])), turn, isFinal);

    private static SupportProof Proof(int moves, bool finalBase = false)
    {
        var baseState = SignedState.SignedByAll(new State(Fixed, Variable(5, finalBase)), Keys);
        // The decoder does not replay moves (that needs the reducer): any action and any well-formed signature will do.
        var list = Enumerable.Range(0, moves)
            .Select(i => new Move(new byte[] { 0x12, 0x34, 0x56, 0x78, (byte)i, 0, 0 }, new State(Fixed, Variable(6 + (ulong)i)).Sign(Keys[(i + 1) % 2])))
            .ToList();
        return new SupportProof(baseState, list);
    }

    private static void AssertSame(SupportProof expected, SupportProof actual)
    {
        Assert.Equal(expected.Base.State.FixedPart.Encode(), actual.Base.State.FixedPart.Encode());
        Assert.Equal(expected.Base.State.VariablePart, actual.Base.State.VariablePart);
        Assert.Equal(expected.Base.PackedSignatures(), actual.Base.PackedSignatures());
        Assert.Equal(expected.Moves.Length, actual.Moves.Length);
        for (var i = 0; i < expected.Moves.Length; i++)
        {
            Assert.Equal(expected.Moves[i].Action.ToArray(), actual.Moves[i].Action.ToArray());
            Assert.Equal(expected.Moves[i].Signature.ToBytes(), actual.Moves[i].Signature.ToBytes());
        }
        Assert.Equal(expected.TurnNum, actual.TurnNum);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Decoding_inverts_encoding(int moves)
    {
        var proof = Proof(moves);
        var calldata = AdjudicatorAbi.EncodeChallenge(proof);

        Assert.True(AdjudicatorAbi.IsChallengeCall(calldata));
        var decoded = AdjudicatorAbi.DecodeChallenge(calldata);

        AssertSame(proof, decoded);
        Assert.Equal(calldata, AdjudicatorAbi.EncodeChallenge(decoded));
    }

    [Fact]
    public async Task Cast_decodes_the_same_proof()
    {
        var proof = Proof(2);
        var calldata = AdjudicatorAbi.EncodeChallenge(proof);

        var json = await Cast.RunAsync("calldata-decode", "--json", AdjudicatorAbi.ChallengeSignature, "0x" + Convert.ToHexStringLower(calldata));

        using var document = JsonDocument.Parse(json);
        var args = document.RootElement;
        Assert.Equal(4, args.GetArrayLength());
        var f = args[0];
        var expected = proof.Base.State.FixedPart;
        Assert.Equal(expected.ChainId, f[0].GetUInt64());
        Assert.Equal(expected.Adjudicator, Address.Parse(f[1].GetString()!));
        Assert.Equal(expected.Participants, f[2].EnumerateArray().Select(p => Address.Parse(p.GetString()!)));
        Assert.Equal(expected.ChannelNonce, f[3].GetUInt64());
        Assert.Equal(expected.AppDefinition, Address.Parse(f[4].GetString()!));
        Assert.Equal(expected.ChallengeDuration, f[5].GetUInt64());
        var v = args[1];
        var state = proof.Base.State.VariablePart;
        Assert.Equal(Hex(state.AppData.AsSpan()), v[0].GetString());
        Assert.Equal(AdjudicatorAbi.EthAsset, Address.Parse(v[1][0][0].GetString()!));
        Assert.Equal([1000UL, 2005UL], v[1][0][1].EnumerateArray().Select(b => b.GetUInt64()));
        Assert.Equal(state.TurnNum, v[2].GetUInt64());
        Assert.False(v[3].GetBoolean());
        Assert.Equal(Hex(proof.Base.PackedSignatures()), args[2].GetString());
        Assert.Equal(proof.Moves.Select(m => (Hex(m.Action.AsSpan()), Hex(m.Signature.ToBytes()))),
            args[3].EnumerateArray().Select(m => (m[0].GetString()!, m[1].GetString()!)));
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    [Fact]
    public void Another_functions_calldata_is_refused_by_its_selector()
    {
        var calldata = AdjudicatorAbi.EncodeCheckpoint(Proof(1));

        Assert.False(AdjudicatorAbi.IsChallengeCall(calldata));
        var e = Assert.Throws<FormatException>(() => AdjudicatorAbi.DecodeChallenge(calldata));
        Assert.IsNotType<AbiDecodingException>(e);
        Assert.Contains("selector", e.Message);
        Assert.False(AdjudicatorAbi.IsChallengeCall(calldata.AsSpan(0, 3)));
    }

    [Fact]
    public void Trailing_or_missing_bytes_are_refused()
    {
        var calldata = AdjudicatorAbi.EncodeChallenge(Proof(1));

        var trailing = Assert.Throws<AbiDecodingException>(() => AdjudicatorAbi.DecodeChallenge([.. calldata, 0]));
        Assert.Equal(AbiDecodingError.TrailingData, trailing.Reason);
        var truncated = Assert.Throws<AbiDecodingException>(() => AdjudicatorAbi.DecodeChallenge(calldata.AsSpan(0, calldata.Length - 32)));
        Assert.Equal(AbiDecodingError.LengthOutOfRange, truncated.Reason); // the last bytes' length announces more than is left
        Assert.Throws<AbiDecodingException>(() => AdjudicatorAbi.DecodeChallenge(calldata.AsSpan(0, 2)));
    }

    [Fact]
    public void Signatures_not_65_bytes_per_participant_are_refused()
    {
        var proof = Proof(0);
        var packed = proof.Base.PackedSignatures();
        var calldata = AdjudicatorAbi.EncodeChallenge(Fixed, proof.Base.State.VariablePart, packed.AsSpan(0, 65), []);

        var e = Assert.Throws<FormatException>(() => AdjudicatorAbi.DecodeChallenge(calldata));
        Assert.Contains("130", e.Message);
    }

    [Fact]
    public void A_base_signature_that_is_not_its_participants_is_refused()
    {
        var proof = Proof(0);
        var packed = proof.Base.PackedSignatures();
        // Both slots carry participant 0's signature.
        packed.AsSpan(0, 65).CopyTo(packed.AsSpan(65, 65));
        var calldata = AdjudicatorAbi.EncodeChallenge(Fixed, proof.Base.State.VariablePart, packed, []);

        var e = Assert.Throws<FormatException>(() => AdjudicatorAbi.DecodeChallenge(calldata));
        Assert.Contains("Signature 1", e.Message);
    }

    [Fact]
    public void A_move_signature_of_the_wrong_length_is_refused()
    {
        var proof = Proof(0);
        var calldata = AdjudicatorAbi.EncodeChallenge(proof);
        // Hand-build the moves array with a 64-byte signature.
        var w = new AbiWriter();
        w.WriteSelector(calldata.AsSpan(0, 4));
        w.BeginTuple(4);
        Fixed.WriteTo(w);
        proof.Base.State.VariablePart.WriteTo(w);
        w.WriteBytes(proof.Base.PackedSignatures());
        w.BeginArray(1, 1);
        w.BeginTuple(2);
        w.WriteBytes([1, 2, 3, 4]);
        w.WriteBytes(new byte[64]);
        w.EndTuple();
        w.EndArray();
        w.EndTuple();

        var e = Assert.Throws<FormatException>(() => AdjudicatorAbi.DecodeChallenge(w.ToArray()));
        Assert.Contains("move 0", e.Message);
    }

    [Fact]
    public void Moves_after_a_final_base_are_refused()
    {
        var baseState = SignedState.SignedByAll(new State(Fixed, Variable(5, isFinal: true)), Keys);
        var move = new Move(new byte[] { 1, 2, 3, 4 }, new State(Fixed, Variable(6)).Sign(Keys[1]));
        var calldata = AdjudicatorAbi.EncodeChallenge(Fixed, baseState.State.VariablePart, baseState.PackedSignatures(), [move]);

        var e = Assert.Throws<FormatException>(() => AdjudicatorAbi.DecodeChallenge(calldata));
        Assert.Contains("not a support proof", e.Message);
    }
}
