using Parley.Channels;
using Parley.Examples;
using Parley.Examples.Machines;
using Parley.StateMachines;
using Parley.TestSupport;

namespace Parley.Generators.Tests;

/// <summary>
/// The generated C# API the runtime and applications call: action builders (against cast as an oracle), registration,
/// the state codec, the hooks, and the typed rejections.
/// </summary>
public sealed class RuntimeApiTests
{
    [Fact]
    public async Task Action_builders_produce_the_calldata_cast_computes()
    {
        var token = Address.Parse("0x00000000000000000000000000000000000000aa");
        var salt = Bytes32.Parse("0x" + new string('1', 64));
        var cases = new (byte[] Actual, string[] Cast)[]
        {
            (TicTacToe.Actions.Play(4), ["calldata", "play(uint8)", "4"]),
            (BoundedCounter.Actions.Add(-5), ["calldata", "add(int32)", "-5"]),
            (BoundedCounter.Actions.Narrow(), ["calldata", "narrow()"]),
            (BoundedCounter.Actions.Mix(-128, uint.MaxValue), ["calldata", "mix(int8,uint32)", "-128", "4294967295"]),
            (RockPaperScissors.Actions.Reveal(Hand.Paper, salt), ["calldata", "reveal(uint8,bytes32)", "2", salt.ToString()]),
            (BettingPot.Actions.PlaceBet(token, UInt256.MaxValue, 6), ["calldata", "placeBet(address,uint256,uint8)", token.ToString(), UInt256.MaxValue.ToString(), "6"]),
        };
        var expected = await Cast.RunManyAsync(cases.Select(c => c.Cast).ToList());
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.Equal(expected[i], "0x" + Convert.ToHexStringLower(cases[i].Actual));
        }
    }

    [Fact]
    public async Task A_rejection_reverts_with_the_error_data_solidity_encodes()
    {
        var e = new ActionRejectedException(RejectionKind.Require, "cell taken");
        var expected = await Cast.RunAsync("calldata", "Error(string)", "cell taken");
        Assert.Equal(expected, "0x" + Convert.ToHexStringLower(e.ToRevertData()));
        var overflow = ActionRejectedException.Of(RejectionKind.ArithmeticOverflow);
        Assert.Equal(await Cast.RunAsync("calldata", "Panic(uint256)", "17"), "0x" + Convert.ToHexStringLower(overflow.ToRevertData()));
        Assert.Equal(0x12, ActionRejectedException.Of(RejectionKind.DivisionByZero).PanicCode);
        Assert.Equal(0x32, ActionRejectedException.Of(RejectionKind.IndexOutOfRange).PanicCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => ActionRejectedException.Of(RejectionKind.Require));
    }

    [Fact]
    public void Machines_register_themselves_by_id_when_their_assembly_loads()
    {
        Assert.Same(TicTacToe.Definition, StateMachineRegistry.Get("TicTacToe"));
        Assert.Same(BettingPot.Definition, StateMachineRegistry.Get("BettingPot"));
        Assert.True(StateMachineRegistry.TryGet("RockPaperScissors", out var rps));
        Assert.Same(RockPaperScissors.Definition, rps);
        var missing = Assert.Throws<KeyNotFoundException>(() => StateMachineRegistry.Get("Chess"));
        Assert.Contains("TicTacToe", missing.Message, StringComparison.Ordinal);
        StateMachineRegistry.Register(TicTacToe.Definition);   // the same instance again is a no-op
    }

    [Fact]
    public void The_state_codec_is_the_abi_encoding_of_the_fields()
    {
        var definition = TicTacToe.Definition;
        Assert.Equal("TicTacToe", definition.Id);
        Assert.Equal(2, definition.ParticipantCount);
        Assert.Equal(11 * 32, definition.AppDataLength);
        Assert.Equal("TicTacToeApp", definition.SolidityContractName);
        Assert.Equal(new byte[11 * 32], definition.InitialAppData());
        Assert.Equal([new ActionDescriptor("Play", "play(uint8)", 0x53a04b05)], definition.Actions);

        var next = definition.Reduce(definition.InitialAppData(), OneEth(), TicTacToe.Actions.Play(4), 0);
        var game = TicTacToe.FromAppData(next.AppData);
        Assert.Equal(1, game.Board[4]);
        Assert.Equal(1, game.Moves);
        Assert.Equal(next.AppData, game.ToAppData());
        Assert.Equal(Crypto.Keccak256.Hash(next.AppData), definition.AppDataHash(next.AppData));

        game.Board = new byte[8];
        var wrongLength = Assert.Throws<InvalidOperationException>(() => game.ToAppData());
        Assert.Contains("Board", wrongLength.Message, StringComparison.Ordinal);

        var dirty = definition.InitialAppData();
        dirty[31] = 3;   // Board[0] = 3 is a valid uint8; a set bit above bit 8 is not
        dirty[30] = 1;
        var malformed = Assert.Throws<ActionRejectedException>(() => TicTacToe.FromAppData(dirty));
        Assert.Equal(RejectionKind.MalformedAppData, malformed.Kind);
        Assert.Equal("malformed appData", malformed.Reason);
    }

    [Fact]
    public void Rejections_carry_the_rule_reason_and_change_nothing()
    {
        var definition = TicTacToe.Definition;
        var outcome = OneEth();
        var afterFirst = definition.Reduce(definition.InitialAppData(), outcome, TicTacToe.Actions.Play(4), 0);
        var snapshot = (byte[])afterFirst.AppData.Clone();
        var taken = Assert.Throws<ActionRejectedException>(() => definition.Reduce(afterFirst.AppData, outcome, TicTacToe.Actions.Play(4), 1));
        Assert.Equal((RejectionKind.Require, "cell taken"), (taken.Kind, taken.Reason));
        Assert.Equal(snapshot, afterFirst.AppData);
        Assert.Equal(RejectionKind.UnknownAction, Assert.Throws<ActionRejectedException>(() => definition.Reduce(snapshot, outcome, [1, 2, 3, 4], 1)).Kind);
        Assert.Equal(RejectionKind.MalformedAction, Assert.Throws<ActionRejectedException>(() => definition.Reduce(snapshot, outcome, [0x53, 0xa0], 1)).Kind);
        Assert.Equal(RejectionKind.InvalidMover, Assert.Throws<ActionRejectedException>(() => definition.Reduce(snapshot, outcome, TicTacToe.Actions.Play(0), 2)).Kind);
        Assert.Equal(RejectionKind.MalformedOutcome, Assert.Throws<ActionRejectedException>(() =>
            definition.Reduce(snapshot, new Outcome(new AssetOutcome(Address.Zero, [UInt256.One])), TicTacToe.Actions.Play(0), 1)).Kind);
        var overflow = Assert.Throws<ActionRejectedException>(() =>
            BoundedCounter.Definition.Reduce(BoundedCounter.Definition.InitialAppData(), OneEth(), BoundedCounter.Actions.Divide(0), 0));
        Assert.Equal(RejectionKind.DivisionByZero, overflow.Kind);
    }

    [Fact]
    public void Hooks_follow_the_turn_convention_and_custom_rules()
    {
        var ttt = TicTacToe.Definition;
        Assert.Equal(0, ttt.NextMover(ttt.InitialAppData(), 0));
        Assert.Equal(1, ttt.NextMover(ttt.InitialAppData(), 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => ttt.NextMover(ttt.InitialAppData(), 1UL << 48));
        Assert.False(ttt.IsFinal(ttt.InitialAppData()));

        var pot = BettingPot.Definition;
        var state = pot.InitialAppData();
        Assert.Equal(1, pot.NextMover(state, 1));
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [UInt256.One * 10u, UInt256.One * 10u, UInt256.Zero]));
        state = pot.Reduce(state, outcome, BettingPot.Actions.PlaceBet(Address.Zero, UInt256.One, 3), 0).AppData;
        state = pot.Reduce(state, outcome, BettingPot.Actions.PlaceBet(Address.Zero, UInt256.One, 4), 1).AppData;
        Assert.Equal(2, pot.NextMover(state, 5));   // both bets placed: the house moves
        Assert.Throws<ActionRejectedException>(() => pot.NextMover([1, 2, 3], 0));
    }

    [Fact]
    public void The_rule_api_exists_only_while_an_action_is_applied()
    {
        var game = new TicTacToe();
        var e = Assert.Throws<InvalidOperationException>(() => game.Play(0));
        Assert.Contains("Mover", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_hashes_are_keccak_of_appdata_and_the_eip712_state_digest()
    {
        var definition = RockPaperScissors.Definition;
        var outcome = OneEth();
        var appData = definition.Reduce(definition.InitialAppData(), outcome, RockPaperScissors.Actions.Commit(Bytes32.Parse("0x" + new string('a', 64))), 0).AppData;
        var keccak = await Cast.RunAsync("keccak", "0x" + Convert.ToHexStringLower(appData));
        Assert.Equal(keccak, definition.AppDataHash(appData).ToString());

        var domain = Crypto.ParleyState.Domain(31337UL, Address.Parse("0x00000000000000000000000000000000000000cc"));
        var channelId = Bytes32.Parse("0x" + new string('7', 64));
        var digest = definition.StateDigest(domain, channelId, 5, isFinal: false, appData, outcome);
        Assert.Equal(Crypto.ParleyState.Digest(domain, channelId, 5, false, Bytes32.Parse(keccak), outcome.Hash()), digest);
        Assert.NotEqual(digest, definition.StateDigest(domain, channelId, 6, isFinal: false, appData, outcome));
    }

    private static Outcome OneEth() => new(new AssetOutcome(Address.Zero, [UInt256.One, UInt256.One]));
}
