using Parley.Channels;
using Parley.Contracts;
using Parley.Crypto;

namespace Parley.Contracts.Tests;

/// <summary>Signatures that must not count: made for another channel, chain or adjudicator, malleated, or by outsiders.</summary>
[Collection(AdjudicatorCollection.Name)]
public sealed class SignatureAttackTests(AdjudicatorFixture fixture) : ChainTest(fixture)
{
    private static readonly UInt256 CurveOrder = new(0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 0xBAAEDCE6AF48A03B, 0xBFD25E8CD0364141);

    private AdjudicatorClient Adjudicator => Chain.Adjudicator;

    private Address Sender => Chain.Accounts[6].Address;

    private static VariablePart Turn5 => TestChannel.TransferState(5, TestChannel.Eth(1, 9), moveCount: 5);

    private async Task<TestChannel> FundedAsync()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        await Adjudicator.DepositEthAsync(Sender, channel.Id, 0, 10, await Chain.NowAsync() + 3600);
        return channel;
    }

    private Task<AdjudicatorReceipt> ChallengeRawAsync(TestChannel channel, FixedPart fixedPart, VariablePart state, byte[] signatures) =>
        Adjudicator.SendAsync(Sender, "challenge", AdjudicatorAbi.EncodeChallenge(fixedPart, state, signatures, []));

    private static byte[] Pack(params Signature[] signatures) => [.. signatures.SelectMany(s => s.ToBytes())];

    [Fact]
    public async Task A_signature_from_another_channel_is_refused()
    {
        var channel = await FundedAsync();
        // The same participants sign the same variable part for a channel that differs only in its nonce.
        var sibling = new FixedPart(channel.Fixed.ChainId, channel.Fixed.Adjudicator, channel.Fixed.Participants, channel.Fixed.ChannelNonce + 1_000_000,
            channel.Fixed.AppDefinition, channel.Fixed.ChallengeDuration);
        var replayed = new State(sibling, Turn5);
        var signatures = Pack(replayed.Sign(channel.Keys[0]), replayed.Sign(channel.Keys[1]));

        var error = await ChainAssert.RejectedWithoutEffect<WrongSignerError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, Turn5, signatures));
        Assert.Equal((UInt256)0, error.ParticipantIndex);
        Assert.Equal(channel.Participant(0), error.Expected);
        Assert.NotEqual(channel.Participant(0), error.Recovered);
    }

    [Fact]
    public async Task A_fixed_part_or_signature_for_another_chain_is_refused()
    {
        var channel = await FundedAsync();
        var mainnet = new FixedPart(1, channel.Fixed.Adjudicator, channel.Fixed.Participants, channel.Fixed.ChannelNonce,
            channel.Fixed.AppDefinition, channel.Fixed.ChallengeDuration);
        var onMainnet = new State(mainnet, Turn5);
        var wrongChain = await ChainAssert.RejectedWithoutEffect<WrongChainIdError>(Chain, channel,
            () => ChallengeRawAsync(channel, mainnet, Turn5, Pack(onMainnet.Sign(channel.Keys[0]), onMainnet.Sign(channel.Keys[1]))));
        Assert.Equal(new WrongChainIdError(Chain.ChainId, 1), wrongChain);

        // This channel's state, signed under a domain with chain id 1.
        var digest = ParleyState.Digest(ParleyState.Domain(1UL, channel.Fixed.Adjudicator), channel.Id, Turn5.TurnNum, Turn5.IsFinal,
            Turn5.AppDataHash, Turn5.OutcomeHash);
        var wrongDomain = await ChainAssert.RejectedWithoutEffect<WrongSignerError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, Turn5, Pack(channel.Keys[0].Sign(digest), channel.Keys[1].Sign(digest))));
        Assert.Equal((UInt256)0, wrongDomain.ParticipantIndex);
    }

    [Fact]
    public async Task A_fixed_part_or_signature_for_another_adjudicator_is_refused()
    {
        var channel = await FundedAsync();
        var (otherAdjudicator, _) = await AdjudicatorClient.DeployAsync(Chain.Rpc, Chain.Deployer.Address);
        var elsewhere = new FixedPart(channel.Fixed.ChainId, otherAdjudicator.Address, channel.Fixed.Participants, channel.Fixed.ChannelNonce,
            channel.Fixed.AppDefinition, channel.Fixed.ChallengeDuration);
        var there = new State(elsewhere, Turn5);
        var wrongAdjudicator = await ChainAssert.RejectedWithoutEffect<WrongAdjudicatorError>(Chain, channel,
            () => ChallengeRawAsync(channel, elsewhere, Turn5, Pack(there.Sign(channel.Keys[0]), there.Sign(channel.Keys[1]))));
        Assert.Equal(new WrongAdjudicatorError(Adjudicator.Address, otherAdjudicator.Address), wrongAdjudicator);

        // This channel's state, signed under the other adjudicator's domain.
        var digest = ParleyState.Digest(ParleyState.Domain(Chain.ChainId, otherAdjudicator.Address), channel.Id, Turn5.TurnNum, Turn5.IsFinal,
            Turn5.AppDataHash, Turn5.OutcomeHash);
        await ChainAssert.RejectedWithoutEffect<WrongSignerError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, Turn5, Pack(channel.Keys[0].Sign(digest), channel.Keys[1].Sign(digest))));
    }

    [Fact]
    public async Task A_high_s_signature_is_refused_although_it_recovers_to_the_signer()
    {
        var channel = await FundedAsync();
        var state = channel.StateOf(Turn5);
        var low = state.Sign(channel.Keys[1]);
        var highS = CurveOrder - UInt256.ReadBigEndian(low.S.AsSpan());
        var high = new Signature(low.R, new Bytes32(highS.ToBigEndianBytes()), (byte)(low.RecoveryId ^ 1));
        Assert.False(high.IsLowS);

        var error = await ChainAssert.RejectedWithoutEffect<HighSSignatureError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, Turn5, Pack(state.Sign(channel.Keys[0]), high)));
        Assert.Equal(new HighSSignatureError(1), error);
    }

    [Fact]
    public async Task A_non_participant_signer_or_a_malformed_signature_is_refused()
    {
        var channel = await FundedAsync();
        var state = channel.StateOf(Turn5);
        var mallory = PrivateKey.Generate();

        var outsider = await ChainAssert.RejectedWithoutEffect<WrongSignerError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, Turn5, Pack(state.Sign(channel.Keys[0]), state.Sign(mallory))));
        Assert.Equal(new WrongSignerError(1, channel.Participant(1), mallory.Address), outsider);

        var one = Pack(state.Sign(channel.Keys[0]));
        Assert.Equal(new SignaturesLengthMismatchError(130, 65), await ChainAssert.RejectedWithoutEffect<SignaturesLengthMismatchError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, Turn5, one)));

        var unrecoverable = Pack(state.Sign(channel.Keys[0]), state.Sign(channel.Keys[1]));
        unrecoverable[65 + 64] = 29; // v must be 27 or 28
        Assert.Equal(new InvalidSignatureError(1), await ChainAssert.RejectedWithoutEffect<InvalidSignatureError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, Turn5, unrecoverable)));

        // An outcome with the wrong number of balances is refused before any signature is looked at.
        var lopsided = TestChannel.TransferState(5, new Outcome(new AssetOutcome(Address.Zero, [10])), moveCount: 5);
        Assert.Equal(new OutcomeLengthMismatchError(0, 2, 1), await ChainAssert.RejectedWithoutEffect<OutcomeLengthMismatchError>(Chain, channel,
            () => ChallengeRawAsync(channel, channel.Fixed, lopsided, unrecoverable)));
    }
}
