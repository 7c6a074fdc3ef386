using System.Collections.Immutable;
using System.Text.Json;
using Parley.Abi;
using Parley.Channels;
using Parley.Contracts;

namespace Parley.Contracts.Tests;

/// <summary>The C# binding against the compiled adjudicator's ABI (solc's JSON): every function, event and error is covered.</summary>
public sealed class BindingTests
{
    private static readonly ContractArtifact Artifact = ContractArtifact.Load(AdjudicatorAbi.ContractName);

    private static string Canonical(JsonElement parameter)
    {
        var type = parameter.GetProperty("type").GetString()!;
        if (!type.StartsWith("tuple", StringComparison.Ordinal))
        {
            return type;
        }
        var components = string.Join(',', parameter.GetProperty("components").EnumerateArray().Select(Canonical));
        return $"({components}){type["tuple".Length..]}";
    }

    private static ImmutableHashSet<string> SignaturesOf(string kind) =>
    [
        .. Artifact.Abi.EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == kind)
            .Select(e => $"{e.GetProperty("name").GetString()}({string.Join(',', e.GetProperty("inputs").EnumerateArray().Select(Canonical))})"),
    ];

    [Fact]
    public void Every_function_of_the_abi_has_an_encoder_and_vice_versa()
    {
        Assert.Equal(SignaturesOf("function"), [.. AdjudicatorAbi.FunctionSignatures]);
        foreach (var signature in AdjudicatorAbi.FunctionSignatures)
        {
            Assert.Equal(Artifact.MethodIdentifiers[signature], AdjudicatorAbi.SelectorOf(signature));
        }
    }

    [Fact]
    public void Every_event_of_the_abi_is_decoded()
    {
        // EIP712DomainChanged() is declared by OpenZeppelin's IERC5267 and never emitted (the domain never changes).
        Assert.Equal(SignaturesOf("event").Remove("EIP712DomainChanged()"), [.. AdjudicatorEvents.Signatures]);
    }

    [Fact]
    public void Every_error_of_the_abi_is_decoded()
    {
        var decoded = AdjudicatorErrors.Signatures.ToHashSet();
        Assert.Subset(decoded, SignaturesOf("error"));
        // Beyond the ABI's custom errors, only Solidity's built-in Error(string) and Panic(uint256).
        Assert.Equal(["Error(string)", "Panic(uint256)"], decoded.Except(SignaturesOf("error")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Revert_data_decodes_to_typed_errors_and_unknown_data_does_not_throw()
    {
        var staleData = AbiCoder.EncodeFunctionCall("StaleTurnNum(uint48,uint48)", 7UL, 3UL);
        Assert.Equal(new StaleTurnNumError(7, 3), AdjudicatorErrors.Decode(staleData));
        var reason = AbiCoder.EncodeFunctionCall("Error(string)", "TransferApp: game over");
        var rejected = AbiCoder.EncodeFunctionCall("ActionRejected(uint48,uint256,bytes)", 4UL, 1UL, reason);
        var error = Assert.IsType<ActionRejectedError>(AdjudicatorErrors.Decode(rejected));
        Assert.Equal("TransferApp: game over", error.ReasonText);
        Assert.Contains("ActionRejected", error.Message, StringComparison.Ordinal);
        Assert.IsType<ZeroDepositError>(AdjudicatorErrors.Decode(AbiFunction.Selector("ZeroDeposit()")));

        Assert.IsType<UnknownRevertError>(AdjudicatorErrors.Decode([]));
        Assert.IsType<UnknownRevertError>(AdjudicatorErrors.Decode([1, 2, 3, 4, 5]));
        Assert.IsType<UnknownRevertError>(AdjudicatorErrors.Decode(staleData[..^1]));
        Assert.IsType<UnknownRevertError>(AdjudicatorErrors.Decode([.. AbiFunction.Selector("ZeroDeposit()"), 0]));
    }

    [Fact]
    public void The_status_word_unpacks_as_the_adjudicator_packs_it()
    {
        var word = new byte[32];
        word[5] = 9;          // turnNumRecord = 9 (bits 208..255)
        word[11] = 0x64;      // finalizesAt = 100 (bits 160..207)
        word[31] = 0xAB;      // fingerprint
        var status = ChannelStatus.FromWord(new Bytes32(word));
        Assert.Equal(9UL, status.TurnNumRecord);
        Assert.Equal(100UL, status.FinalizesAt);
        Assert.True(status.IsChallengeRunning(99));
        Assert.True(status.IsFinalized(100));
        Assert.False(status.IsNone);
        Assert.True(ChannelStatus.FromWord(default).IsNone);
    }

    [Fact]
    public void Payouts_follow_participant_priority()
    {
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [4, 5, 6]));
        Assert.Equal<UInt256>([4, 5, 6], PayoutRule.Payouts(outcome, 0, 20));
        Assert.Equal<UInt256>([4, 3, 0], PayoutRule.Payouts(outcome, 0, 7));
        Assert.Equal<UInt256>([0, 3, 0], PayoutRule.Payouts(outcome, 0, 7, participantIndex: 1));
        Assert.Equal<UInt256>([0, 0, 0], PayoutRule.Payouts(outcome, 0, 9, participantIndex: 2));
        var after = PayoutRule.AfterWithdrawals(outcome, [new WithdrawnEvent(default, Address.Zero, [0, 3, 0])]);
        Assert.Equal(new Outcome(new AssetOutcome(Address.Zero, [4, 2, 6])), after);
        Assert.Throws<ArgumentException>(() => PayoutRule.AfterWithdrawals(outcome, [new WithdrawnEvent(default, Address.Zero, [5, 0, 0])]));
    }
}
