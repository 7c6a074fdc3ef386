using Parley.Channels;

namespace Parley.StateMachines;

/// <summary>
/// What the channel runtime knows about a state machine: its rules as a pure reducer over canonical bytes, and the
/// Solidity contract that enforces the same rules on chain. The generator implements it for every
/// <c>[StateMachine]</c> class (<c>TMachine.Definition</c>) and registers it in <see cref="StateMachineRegistry"/>.
/// </summary>
/// <remarks>
/// All members are pure functions of their arguments and thread-safe. Bad input never surfaces as an arbitrary
/// exception: every rejection is an <see cref="ActionRejectedException"/> whose <see cref="RejectionKind"/> and reason
/// match the revert of the generated contract for the same input (<see cref="ActionRejectedException.ToRevertData"/>).
/// </remarks>
public interface IStateMachineDefinition
{
    /// <summary>The state machine's stable id: the <c>Name</c> of its <c>[StateMachine]</c> attribute, else the class name.</summary>
    string Id { get; }

    /// <summary>The number of participants of a channel running this machine.</summary>
    int ParticipantCount { get; }

    /// <summary>The size of <c>appData</c> in bytes (every field is static, so the size is fixed).</summary>
    int AppDataLength { get; }

    /// <summary>The actions, in declaration order.</summary>
    IReadOnlyList<ActionDescriptor> Actions { get; }

    /// <summary>The canonical encoding of the initial state (what <c>new TMachine()</c> builds); a fresh copy on each call.</summary>
    /// <exception cref="InvalidOperationException">The initial state cannot be encoded (an array field has the wrong length).</exception>
    byte[] InitialAppData();

    /// <summary>
    /// Applies <paramref name="action"/> by participant <paramref name="moverIndex"/> to the state
    /// (<paramref name="appData"/>, <paramref name="outcome"/>): the off-chain twin of the contract's <c>reduce</c>.
    /// Checks, in order: <c>appData</c> decodes strictly; every asset of the outcome has one balance per participant;
    /// the mover is a participant; the state is not final; the action has a 4-byte selector of a known action and
    /// canonically encoded arguments; then runs the rules.
    /// </summary>
    /// <param name="appData">The canonical encoding of the current state.</param>
    /// <param name="outcome">The current outcome.</param>
    /// <param name="action">The action as calldata: selector, then ABI-encoded arguments (see the generated <c>Actions</c> builders).</param>
    /// <param name="moverIndex">The index of the participant making the move.</param>
    /// <returns>The next state's <c>appData</c> and outcome.</returns>
    /// <exception cref="ActionRejectedException">The input is malformed or the rules reject the action.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    StateTransition Reduce(ReadOnlySpan<byte> appData, Outcome outcome, ReadOnlySpan<byte> action, int moverIndex);

    /// <summary>
    /// The index of the participant who may act on the state with <paramref name="turnNum"/>: the machine's
    /// <c>NextMover(turnNum)</c> if it defines one, else strict turn-taking <c>turnNum % ParticipantCount</c>
    /// (participant 0 moves first). The contract's <c>nextMover</c>.
    /// </summary>
    /// <exception cref="ActionRejectedException"><paramref name="appData"/> is malformed (custom rule only), the custom
    /// rule fails, or returns an index outside the participants (<c>"next mover out of range"</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="turnNum"/> exceeds 2^48 - 1 (the on-chain <c>uint48</c>).</exception>
    int NextMover(ReadOnlySpan<byte> appData, ulong turnNum);

    /// <summary>Whether the state is final (the machine's <c>IsFinal</c>; false if it defines none). The contract's <c>isFinal</c>.</summary>
    /// <exception cref="ActionRejectedException"><paramref name="appData"/> is malformed, or <c>IsFinal</c> fails.</exception>
    bool IsFinal(ReadOnlySpan<byte> appData);

    /// <summary>The EIP-712 <c>appDataHash</c> of a state: keccak256 of <paramref name="appData"/>.</summary>
    Bytes32 AppDataHash(ReadOnlySpan<byte> appData);

    /// <summary>
    /// The EIP-712 digest participants sign for a state of a channel running this machine (DESIGN.md: struct
    /// <c>State(bytes32 channelId, uint48 turnNum, bool isFinal, bytes32 appDataHash, bytes32 outcomeHash)</c> in the
    /// <c>Parley</c> domain), with <c>appDataHash = keccak256(appData)</c> and <c>outcomeHash = keccak256(abi.encode(outcome))</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="turnNum"/> exceeds 2^48 - 1.</exception>
    Bytes32 StateDigest(Crypto.Eip712Domain domain, Bytes32 channelId, ulong turnNum, bool isFinal, ReadOnlySpan<byte> appData, Outcome outcome);

    /// <summary>The name of the generated Solidity contract, e.g. <c>TicTacToeApp</c>.</summary>
    string SolidityContractName { get; }

    /// <summary>
    /// The complete, self-contained Solidity source of the contract (pragma <c>^0.8.28</c>, compiles with solc 0.8.37
    /// without warnings). After a build it is also written to <c>bin/…/solidity/</c> (see docs/generator.md).
    /// </summary>
    string SoliditySource { get; }
}
