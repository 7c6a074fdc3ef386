using System.Collections.Concurrent;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.Engine;
using Parley.Examples;
using Parley.Protocol;
using Parley.Settlement;
using Parley.StateMachines;
using Xunit.Abstractions;

namespace Parley.Watcher.Tests;

/// <summary>
/// A challenge registering a state this node never held: the counterparty signed its own next move on the last agreed
/// state, never sent it, and registered it with <c>challenge</c>. The watcher reads the support proof from the
/// challenge transaction's calldata, adopts the move through the engine, and its responder answers by <c>progress</c>.
/// </summary>
public class ChallengeProofAdoptionTests(ChainFixture chain, ITestOutputHelper output) : TwoPartyScenario(chain, "proof"), IClassFixture<ChainFixture>
{
    private WatcherOptions Options(IChallengeResponder? responder) =>
        new() { PollInterval = TimeSpan.FromMilliseconds(20), StartBlock = Anvil.Chain.AdjudicatorBlock, ChallengeResponder = responder };

    private static VariablePart Variable(LoggedState state) => new(state.AppData, state.Outcome, state.TurnNum, state.IsFinal);

    /// <summary>Plays the given cells, recording each registered turn asked about and whether the engine held it as its latest.</summary>
    private sealed class ScriptedResponder(ChannelEngine engine, params byte[] cells) : IChallengeResponder
    {
        private readonly ConcurrentQueue<byte> _cells = new(cells);

        public ConcurrentQueue<(ulong Turn, bool LatestWasRegistered)> Requests { get; } = new();

        public Task<byte[]?> ChooseActionAsync(ChallengeResponseRequest request, CancellationToken cancellationToken)
        {
            var latest = engine.GetChannel(request.ChannelId)!.Latest;
            Requests.Enqueue((request.Registered.TurnNum, Variable(latest).Equals(request.Registered)));
            return Task.FromResult(_cells.TryDequeue(out var cell) ? TicTacToe.Actions.Play(cell) : null);
        }
    }

    /// <summary>Tic-tac-toe, except that it refuses a play on <paramref name="cell"/>: rules that disagree with the chain's.</summary>
    private sealed class RefusingCell(byte cell) : IStateMachineDefinition
    {
        private static readonly IStateMachineDefinition Inner = TicTacToe.Definition;

        public string Id => Inner.Id;
        public int ParticipantCount => Inner.ParticipantCount;
        public int AppDataLength => Inner.AppDataLength;
        public IReadOnlyList<ActionDescriptor> Actions => Inner.Actions;
        public byte[] InitialAppData() => Inner.InitialAppData();
        public int NextMover(ReadOnlySpan<byte> appData, ulong turnNum) => Inner.NextMover(appData, turnNum);
        public bool IsFinal(ReadOnlySpan<byte> appData) => Inner.IsFinal(appData);
        public Bytes32 AppDataHash(ReadOnlySpan<byte> appData) => Inner.AppDataHash(appData);
        public Bytes32 StateDigest(Crypto.Eip712Domain domain, Bytes32 channelId, ulong turnNum, bool isFinal, ReadOnlySpan<byte> appData, Outcome outcome) =>
            Inner.StateDigest(domain, channelId, turnNum, isFinal, appData, outcome);
        public string SolidityContractName => Inner.SolidityContractName;
        public string SoliditySource => Inner.SoliditySource;

        public StateTransition Reduce(ReadOnlySpan<byte> appData, Outcome outcome, ReadOnlySpan<byte> action, int moverIndex) =>
            action.SequenceEqual(TicTacToe.Actions.Play(cell))
                ? throw new ActionRejectedException(RejectionKind.Require, $"cell {cell} is out of bounds in these rules")
                : Inner.Reduce(appData, outcome, action, moverIndex);
    }

    /// <summary>Alice plays X on 0; Bob, cut off, plays O on 4 (turn 2) and challenges with it: Alice never held turn 2.</summary>
    private async Task<(Party Alice, Party Bob, Bytes32 Id, AdjudicatorReceipt Challenge, VariablePart Registered)> BobChallengesWithAnUnsentMoveAsync()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await Duel.PlayAsync(alice, bob, id, 0); // turn 1: Bob (O) to move
        bob.Delivery.Drop = true;
        var unsent = await bob.Engine.ActAsync(id, TicTacToe.Actions.Play(4));
        Assert.Equal(2UL, unsent.TurnNum);
        Assert.Equal(1, bob.Delivery.DroppedUpdates);
        Assert.Equal(1UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);
        var proof = await bob.Engine.GetSupportProofAsync(id);
        Assert.Equal(2UL, proof.TurnNum);
        Assert.NotEmpty(proof.Moves);
        var challenge = await bob.Chain.ChallengeAsync(proof);
        return (alice, bob, id, challenge, Variable(unsent));
    }

    [Fact]
    public async Task A_challenge_on_a_move_never_sent_is_adopted_from_its_calldata_and_answered_by_progress()
    {
        var (alice, _, id, challenge, registered) = await BobChallengesWithAnUnsentMoveAsync();
        var responder = new ScriptedResponder(alice.Engine, 1);

        await alice.StartWatcherAsync(Options(responder));
        var made = await alice.WaitForAsync<ChallengeMoveMadeEvent>(timeout: TimeSpan.FromSeconds(30));
        output.WriteLine($"challenge in block {challenge.Receipt.BlockNumber}, Alice's progress in block {made.Receipt.Receipt.BlockNumber}");

        var adopted = Assert.Single(alice.WatcherEvents.OfType<ChallengeProofAdoptedEvent>());
        Assert.Equal((2UL, challenge.Receipt.TransactionHash, 1), (adopted.ChallengedTurn, adopted.Transaction, adopted.StatesAdopted));
        Assert.Equal(2UL, made.ChallengedTurn);
        Assert.True(made.Receipt.Receipt.BlockNumber > challenge.Receipt.BlockNumber);
        Assert.Equal([(2UL, true)], responder.Requests); // asked on the adopted state, which her engine held as its latest
        Assert.DoesNotContain(alice.WatcherEvents, e => e is MoveNeededEvent or ChallengeProofRefusedEvent or MoveAdoptionRefusedEvent or WatcherFailedEvent);

        // The chain registers Alice's answer (turn 3), and her engine's latest is exactly that state.
        var fixedPart = alice.Engine.GetChannel(id)!.FixedPart;
        var view = await alice.Chain.ReadChannelAsync(fixedPart, TicTacToe.Definition);
        Assert.Equal(OnChainPhase.Challenged, view.Phase);
        Assert.Equal(3UL, view.TurnNumRecord);
        Assert.Equal(registered, view.ChallengedState);
        Assert.Equal(challenge.Receipt.TransactionHash, view.ChallengeTransaction);
        Assert.Equal(view.Registered, Variable(alice.Engine.GetChannel(id)!.Latest));
        // Bob's turn 2 is stored signed by Bob alone; Alice signed only her own turns.
        var signatures = await alice.Store.ReadSignaturesAsync(id, 2, 3);
        Assert.Equal([(2UL, 1), (3UL, 0)], signatures.Select(s => (s.TurnNum, s.Participant)).Order());
        Assert.Equal(new State(fixedPart, registered).Digest, (await alice.Store.ReadLogAsync(id, 2, 2)).Single().StateHash);
    }

    [Fact]
    public async Task A_proof_the_nodes_rules_refuse_is_reported_and_nothing_is_stored()
    {
        var (alice, _, id, challenge, registered) = await BobChallengesWithAnUnsentMoveAsync();
        var log = await alice.Store.ReadLogAsync(id, 0, ulong.MaxValue);
        var signatures = await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue);
        var latest = alice.Engine.GetChannel(id)!.Latest.Hash;

        // Alice's rules refuse O on 4, which the chain accepted.
        await alice.StartWatcherAsync(Options(new ScriptedResponder(alice.Engine, 1)), app => app == TicTacToe.Definition.Id ? new RefusingCell(4) : null);
        var refused = await alice.WaitForAsync<ChallengeProofRefusedEvent>(timeout: TimeSpan.FromSeconds(30));
        var needed = await alice.WaitForAsync<MoveNeededEvent>(timeout: TimeSpan.FromSeconds(30));

        Assert.Equal((ChallengeProofProblem.InvalidMove, 2UL, challenge.Receipt.TransactionHash, null), (refused.Problem, refused.ChallengedTurn, refused.Transaction, refused.Reason));
        Assert.Contains("out of bounds", refused.Detail);
        Assert.Equal(registered, needed.Registered);
        Assert.DoesNotContain(alice.WatcherEvents, e => e is ChallengeProofAdoptedEvent or ChallengeMoveMadeEvent);
        Assert.Equal(log.Select(e => e.StateHash), (await alice.Store.ReadLogAsync(id, 0, ulong.MaxValue)).Select(e => e.StateHash));
        Assert.Equal(signatures, await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue));
        Assert.Equal(latest, alice.Engine.GetChannel(id)!.Latest.Hash);
        // Reported once, however often the channel is checked again.
        await alice.Watcher!.CheckAsync(id);
        Assert.Single(alice.WatcherEvents.OfType<ChallengeProofRefusedEvent>());
    }

    /// <summary>
    /// Creation code of a forwarder with <paramref name="target"/> hard-wired: its runtime code copies the whole calldata
    /// to memory and CALLs <paramref name="target"/> with it (all gas, no value), reverting if that call fails.
    /// </summary>
    private static byte[] ForwarderCreationCode(Address target)
    {
        byte[] runtime =
        [
            0x36, 0x60, 0x00, 0x60, 0x00, 0x37,             // CALLDATACOPY(0, 0, CALLDATASIZE)
            0x60, 0x00, 0x60, 0x00, 0x36, 0x60, 0x00, 0x60, 0x00, // retSize, retOffset, argsSize, argsOffset, value
            0x73, .. target.AsSpan().ToArray(), 0x5a, 0xf1,         // PUSH20 target, GAS, CALL
            0x60, 0x2e, 0x57,                               // JUMPI to 46 on success
            0x60, 0x00, 0x60, 0x00, 0xfd,                   // REVERT(0, 0)
            0x5b, 0x00,                                     // 46: JUMPDEST, STOP
        ];
        Assert.Equal(48, runtime.Length);
        // CODECOPY(0, 11, 48); RETURN(0, 48)
        return [0x60, 0x30, 0x80, 0x60, 0x0b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, .. runtime];
    }

    [Fact]
    public async Task A_challenge_sent_through_a_contract_cannot_be_read_and_a_move_is_asked_for()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await Duel.PlayAsync(alice, bob, id, 0);
        bob.Delivery.Drop = true;
        var unsent = await bob.Engine.ActAsync(id, TicTacToe.Actions.Play(4));
        var created = await bob.Chain.Sender.SendAsync(TransactionCall.Create(ForwarderCreationCode(bob.Chain.Adjudicator.Address)));
        var forwarder = created.ContractAddress!.Value;
        var calldata = AdjudicatorAbi.EncodeChallenge(await bob.Engine.GetSupportProofAsync(id));
        var challenge = await bob.Chain.Sender.SendAsync(new TransactionCall(forwarder, calldata));
        Assert.Contains(challenge.Logs, l => l.Address == bob.Chain.Adjudicator.Address); // the adjudicator registered it

        await alice.StartWatcherAsync(Options(null));
        var needed = await alice.WaitForAsync<MoveNeededEvent>(timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(Variable(unsent), needed.Registered);
        Assert.DoesNotContain(alice.WatcherEvents, e => e is ChallengeProofAdoptedEvent or ChallengeProofRefusedEvent or WatcherFailedEvent);
        Assert.Equal(1UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);
        var view = alice.Watcher!.GetView(id)!;
        Assert.Equal(challenge.TransactionHash, view.ChallengeTransaction);
    }
}
