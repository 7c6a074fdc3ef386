using Parley.Channels;
using Parley.Contracts;
using Parley.Crypto;
using Parley.TestSupport;

namespace Parley.Contracts.Tests;

/// <summary>The model types' and the binding's encodings against cast (Foundry) as an external oracle.</summary>
public sealed class ModelOracleTests
{
    private static readonly Address Adjudicator = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static readonly Address App = Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    private static readonly Address Token = Address.Parse("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");

    private static FixedPart Fixed(int participants, ulong nonce = 42, ulong chainId = 31337) =>
        new(chainId, Adjudicator, Enumerable.Range(0, participants).Select(i => PrivateKey.FromBytes(Key(i)).Address), nonce, App, 86_400);

    private static byte[] Key(int i)
    {
        var key = new byte[32];
        key[31] = (byte)(i + 1);
        key[0] = 0x42;
        return key;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    private static string CastFixed(FixedPart f) =>
        $"({f.ChainId},{f.Adjudicator},[{string.Join(',', f.Participants)}],{f.ChannelNonce},{f.AppDefinition},{f.ChallengeDuration})";

    private static string CastOutcome(Outcome o) =>
        "[" + string.Join(',', o.Assets.Select(a => $"({a.Asset},[{string.Join(',', a.Balances)}])")) + "]";

    private static string CastVariable(VariablePart v) =>
        $"({Hex(v.AppData.AsSpan())},{CastOutcome(v.Outcome)},{v.TurnNum},{(v.IsFinal ? "true" : "false")})";

    private static VariablePart Variable(ulong turnNum, bool isFinal) => new(
        TransferAppModel.AppData(turnNum, 99), new Outcome(new AssetOutcome(Address.Zero, [7, 3]), new AssetOutcome(Token, [UInt256.MaxValue - 5, 5])), turnNum, isFinal);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task The_channel_id_is_keccak_of_the_fields_encoded_in_a_row(int participants)
    {
        var f = Fixed(participants);
        var encoded = await Cast.RunAsync("abi-encode", "f(uint256,address,address[],uint64,address,uint48)",
            f.ChainId.ToString(), f.Adjudicator.ToString(), $"[{string.Join(',', f.Participants)}]", f.ChannelNonce.ToString(),
            f.AppDefinition.ToString(), f.ChallengeDuration.ToString());
        Assert.Equal(encoded, Hex(f.Encode()));
        Assert.Equal(await Cast.RunAsync("keccak", encoded), f.ChannelId.ToString());
        Assert.Equal(f, FixedPart.Decode(f.Encode()));
    }

    [Fact]
    public async Task Calldata_matches_cast_for_every_state_carrying_function()
    {
        var f = Fixed(2);
        var keys = new[] { PrivateKey.FromBytes(Key(0)), PrivateKey.FromBytes(Key(1)) };
        var base3 = Variable(3, false);
        var signed = SignedState.SignedByAll(new State(f, base3), keys);
        var move = new Move(TransferAppModel.Pay(2), new State(f, Variable(4, false)).Sign(keys[1]));
        var proof = new SupportProof(signed, [move, move]);
        var sigs = Hex(signed.PackedSignatures());
        var moveArg = $"({Hex(move.Action.AsSpan())},{Hex(move.Signature.ToBytes())})";
        var moves = $"[{moveArg},{moveArg}]";

        var cases = new (byte[] Ours, string[] Cast)[]
        {
            (AdjudicatorAbi.EncodeChallenge(proof), ["calldata", AdjudicatorAbi.ChallengeSignature, CastFixed(f), CastVariable(base3), sigs, moves]),
            (AdjudicatorAbi.EncodeCheckpoint(new SupportProof(signed)), ["calldata", AdjudicatorAbi.CheckpointSignature, CastFixed(f), CastVariable(base3), sigs, "[]"]),
            (AdjudicatorAbi.EncodeProgress(f, base3, move), ["calldata", AdjudicatorAbi.ProgressSignature, CastFixed(f), CastVariable(base3), moveArg]),
            (AdjudicatorAbi.EncodeConclude(signed), ["calldata", AdjudicatorAbi.ConcludeSignature, CastFixed(f), CastVariable(base3), sigs]),
            (AdjudicatorAbi.EncodeConcludeAndWithdraw(signed), ["calldata", AdjudicatorAbi.ConcludeAndWithdrawSignature, CastFixed(f), CastVariable(base3), sigs]),
            (AdjudicatorAbi.EncodeReclaim(signed), ["calldata", AdjudicatorAbi.ReclaimSignature, CastFixed(f), CastVariable(base3), sigs]),
            (AdjudicatorAbi.EncodeWithdraw(f, base3, 1, 0), ["calldata", AdjudicatorAbi.WithdrawSignature, CastFixed(f), base3.AppDataHash.ToString(), "false", CastOutcome(base3.Outcome), "1", "0"]),
            (AdjudicatorAbi.EncodeWithdrawAll(f, base3), ["calldata", AdjudicatorAbi.WithdrawAllSignature, CastFixed(f), base3.AppDataHash.ToString(), "false", CastOutcome(base3.Outcome)]),
            (AdjudicatorAbi.EncodeDepositEth(f.ChannelId, 5, 1_900_000_000), ["calldata", AdjudicatorAbi.DepositEthSignature, f.ChannelId.ToString(), "5", "1900000000"]),
            (AdjudicatorAbi.EncodeDepositErc20(f.ChannelId, Token, 5, 7, 1_900_000_000), ["calldata", AdjudicatorAbi.DepositErc20Signature, f.ChannelId.ToString(), Token.ToString(), "5", "7", "1900000000"]),
            (AdjudicatorAbi.EncodeHoldings(f.ChannelId, Token), ["calldata", AdjudicatorAbi.HoldingsSignature, f.ChannelId.ToString(), Token.ToString()]),
            (AdjudicatorAbi.EncodeStatusOf(f.ChannelId), ["calldata", AdjudicatorAbi.StatusOfSignature, f.ChannelId.ToString()]),
        };
        var expected = await Cast.RunManyAsync([.. cases.Select(c => c.Cast)]);
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(expected[i], Hex(cases[i].Ours));
        }
    }

    [Fact]
    public async Task State_hashes_and_signatures_match_cast()
    {
        var f = Fixed(2);
        var state = new State(f, Variable(9, true));
        var outcomeHash = await Cast.RunAsync("keccak", await Cast.RunAsync("abi-encode", "f((address,uint256[])[])", CastOutcome(state.Outcome)));
        Assert.Equal(outcomeHash, state.VariablePart.OutcomeHash.ToString());
        var key = PrivateKey.FromBytes(Key(0));
        var signature = await Cast.RunAsync("wallet", "sign", "--no-hash", "--private-key", Hex(Key(0)), state.Digest.ToString());
        Assert.Equal(signature, state.Sign(key).ToString());
        Assert.True(state.IsSignedBy(0, state.Sign(key)));
        Assert.False(state.IsSignedBy(1, state.Sign(key)));
    }

    [Fact]
    public void Invalid_model_values_are_refused_with_specific_exceptions()
    {
        var p = PrivateKey.FromBytes(Key(0)).Address;
        Assert.Throws<ArgumentException>(() => new FixedPart(1, Adjudicator, [], 0, App, 1));
        Assert.Throws<ArgumentException>(() => new FixedPart(1, Adjudicator, [p, p], 0, App, 1));
        Assert.Throws<ArgumentException>(() => new FixedPart(1, Adjudicator, [Address.Zero], 0, App, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedPart(1, Adjudicator, [p], 0, App, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedPart(1, Adjudicator, [p], 0, App, FixedPart.MaxChallengeDuration + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VariablePart([], Outcome.Empty, ParleyState.MaxTurnNum + 1, false));

        var f = Fixed(2);
        Assert.Throws<ArgumentException>(() => new State(f, new VariablePart([], new Outcome(new AssetOutcome(Address.Zero, [1])), 0, false)));
        var state = new State(f, Variable(1, false));
        var keys = new[] { PrivateKey.FromBytes(Key(0)), PrivateKey.FromBytes(Key(1)) };
        Assert.Throws<ArgumentException>(() => new SignedState(state, [state.Sign(keys[1]), null]));
        Assert.Throws<ArgumentException>(() => new SignedState(state, [null]));
        var half = new SignedState(state, [state.Sign(keys[0]), null]);
        Assert.False(half.IsSignedByAll);
        Assert.Throws<InvalidOperationException>(() => half.PackedSignatures());
        Assert.Throws<ArgumentException>(() => new SupportProof(half));
        Assert.True(half.WithSignature(1, state.Sign(keys[1])).IsSignedByAll);
        var final = SignedState.SignedByAll(new State(f, Variable(1, true)), keys);
        Assert.Throws<ArgumentException>(() => new SupportProof(final, [new Move(TransferAppModel.Finish(), state.Sign(keys[0]))]));
    }

    [Fact]
    public void Variable_parts_round_trip_through_their_encoding()
    {
        var v = Variable(12, true);
        var w = new Parley.Abi.AbiWriter();
        v.WriteTo(w);
        var r = new Parley.Abi.AbiReader(w.WrittenSpan);
        Assert.Equal(v, VariablePart.ReadFrom(ref r, null));
    }
}
