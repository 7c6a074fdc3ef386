using System.Numerics;
using Parley.Abi;
using Parley.Chain;
using Parley.Channels;
using Parley.Contracts;
using Parley.Crypto;
using Parley.Examples;
using Parley.StateMachines;
using Parley.TestSupport;

namespace Parley.GasReport;

/// <summary>
/// Measures the adjudicator's gas on a fresh anvil, under the conditions of Nitro's gas benchmarks (go-nitro
/// <c>packages/nitro-protocol/gas-benchmarks</c>) so the figures compare: a 2-party channel; recipients that already
/// exist on chain; an ERC-20 the adjudicator already holds for other channels, deposited from an account that keeps a
/// balance and an allowance afterwards.
/// </summary>
/// <remarks>
/// Keys, nonces and deployment order are fixed, so the calldata — and the gas — are the same on every run. The
/// progress steps use <c>contracts/test/TransferApp.sol</c> and the generated tic-tac-toe app (compiled at run time
/// from <c>TicTacToe.Definition.SoliditySource</c> with the project's solc settings).
/// </remarks>
public static class GasScenarios
{
    private const ulong ChallengeDuration = 3600;
    private const ulong FundingDeadline = 4_000_000_000;

    private static readonly PrivateKey Alice = PrivateKey.Parse("0x" + new string('a', 63) + "1");
    private static readonly PrivateKey Bob = PrivateKey.Parse("0x" + new string('b', 63) + "2");

    /// <summary>Runs every scenario on a new anvil and returns the table, in a fixed order.</summary>
    public static async Task<IReadOnlyList<GasFigure>> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var anvil = await AnvilProcess.StartAsync(RepoPaths.Anvil, cancellationToken: cancellationToken);
        using var rpc = anvil.CreateClient();
        var sender = anvil.Accounts[0].Address;
        var (adjudicator, deploy) = await AdjudicatorClient.DeployAsync(rpc, sender, cancellationToken);
        var app = await DeployAsync(rpc, sender, "TransferApp");
        var token = await DeployAsync(rpc, sender, "TestToken");
        // Recipients exist already (as participants who paid gas to deposit would).
        foreach (var key in new[] { Alice, Bob })
        {
            await rpc.SetBalanceAsync(key.Address, 1_000_000_000_000_000_000UL, cancellationToken);
        }
        ulong nonce = 0;
        FixedPart NewChannel() => new(anvil.ChainId, adjudicator.Address, [Alice.Address, Bob.Address], ++nonce, app, ChallengeDuration);
        var figures = new List<GasFigure> { new("deploy", deploy.GasUsed, 3_428_703) };

        // Deposits.
        var ethDeposit = await adjudicator.DepositEthAsync(sender, NewChannel().ChannelId, 0, 5, FundingDeadline, cancellationToken);
        figures.Add(new("eth-deposit-first", ethDeposit.Receipt.GasUsed, 46_496));
        await SendAsync(rpc, sender, token, "mint(address,uint256)", sender, 1_000_000UL);
        await SendAsync(rpc, sender, token, "transfer(address,uint256)", adjudicator.Address, 1UL);
        await SendAsync(rpc, sender, token, "approve(address,uint256)", adjudicator.Address, 100UL);
        var erc20Deposit = await adjudicator.DepositErc20Async(sender, NewChannel().ChannelId, token, 0, 5, FundingDeadline, cancellationToken);
        figures.Add(new("erc20-deposit-first", erc20Deposit.Receipt.GasUsed, 69_866));

        // Happy path: conclude with a final state signed by both and pay both, in one transaction.
        var happy = NewChannel();
        await adjudicator.DepositEthAsync(sender, happy.ChannelId, 0, 10, FundingDeadline, cancellationToken);
        var exit = await adjudicator.ConcludeAndWithdrawAsync(sender, Sign(happy, State(4, Eth(5, 5), isFinal: true)), cancellationToken);
        figures.Add(new("happy-exit", exit.Receipt.GasUsed, 111_514));

        // Unilateral exit: challenge, let the window pass, pay both.
        var sad = NewChannel();
        await adjudicator.DepositEthAsync(sender, sad.ChannelId, 0, 10, FundingDeadline, cancellationToken);
        var registered = State(3, Eth(5, 5));
        var challenge = await adjudicator.ChallengeAsync(sender, new SupportProof(Sign(sad, registered)), cancellationToken);
        await rpc.IncreaseTimeAsync(ChallengeDuration, cancellationToken);
        await rpc.MineAsync(cancellationToken: cancellationToken);
        var withdrawAll = await adjudicator.WithdrawAllAsync(sender, sad, registered, cancellationToken);
        figures.Add(new("challenge", challenge.Receipt.GasUsed, 113_146));
        figures.Add(new("withdraw-all", withdrawAll.Receipt.GasUsed, 82_026));
        figures.Add(new("unilateral-exit", challenge.Receipt.GasUsed + withdrawAll.Receipt.GasUsed, 195_172));

        // Answers to a challenge: a checkpoint, a newer challenge, a progress step.
        var disputed = NewChannel();
        await adjudicator.ChallengeAsync(sender, new SupportProof(Sign(disputed, State(3, Eth(5, 5)))), cancellationToken);
        var checkpoint = await adjudicator.CheckpointAsync(sender, new SupportProof(Sign(disputed, State(4, Eth(5, 5)))), cancellationToken);
        figures.Add(new("checkpoint-clearing-challenge", checkpoint.Receipt.GasUsed, 73_936));

        var countered = NewChannel();
        await adjudicator.ChallengeAsync(sender, new SupportProof(Sign(countered, State(3, Eth(5, 5)))), cancellationToken);
        var counter = await adjudicator.ChallengeAsync(sender, new SupportProof(Sign(countered, State(4, Eth(5, 5)))), cancellationToken);
        figures.Add(new("challenge-replacing-challenge", counter.Receipt.GasUsed, 96_482));

        var forced = NewChannel();
        var before = State(3, Eth(5, 5));
        await adjudicator.ChallengeAsync(sender, new SupportProof(Sign(forced, before)), cancellationToken);
        var after = State(4, Eth(6, 4), moveCount: 4);
        var move = new Move(AbiCoder.EncodeFunctionCall("pay(uint256)", 1UL), new State(forced, after).Sign(Bob));
        var progress = await adjudicator.ProgressAsync(sender, forced, before, move, cancellationToken);
        figures.Add(new("progress-step-transferapp", progress.Receipt.GasUsed));

        // One progress step of the generated tic-tac-toe app: O answers a challenge on the board after three marks.
        var ticTacToe = await DeployTicTacToeAsync(rpc, sender, cancellationToken);
        var game = new FixedPart(anvil.ChainId, adjudicator.Address, [Alice.Address, Bob.Address], ++nonce, ticTacToe, ChallengeDuration);
        var definition = TicTacToe.Definition;
        var board = new VariablePart(definition.InitialAppData(), Eth(5, 5), 0, false);
        foreach (var cell in new byte[] { 4, 0, 8 })
        {
            board = Play(definition, board, cell);
        }
        await adjudicator.ChallengeAsync(sender, new SupportProof(Sign(game, board)), cancellationToken);
        var answer = Play(definition, board, 2);
        var play = new Move(TicTacToe.Actions.Play(2), new State(game, answer).Sign(Bob));
        var ticTacToeProgress = await adjudicator.ProgressAsync(sender, game, board, play, cancellationToken);
        figures.Add(new("progress-step-tictactoe", ticTacToeProgress.Receipt.GasUsed));
        return figures;
    }

    /// <summary>The tic-tac-toe state after the mover of <paramref name="state"/> plays <paramref name="cell"/> (the C# reducer).</summary>
    private static VariablePart Play(IStateMachineDefinition definition, VariablePart state, byte cell)
    {
        var mover = definition.NextMover(state.AppData.AsSpan(), state.TurnNum);
        var next = definition.Reduce(state.AppData.AsSpan(), state.Outcome, TicTacToe.Actions.Play(cell), mover);
        return new VariablePart(next.AppData, next.Outcome, state.TurnNum + 1, definition.IsFinal(next.AppData));
    }

    /// <summary>Compiles the generated Solidity of tic-tac-toe (the project's solc settings) and deploys it.</summary>
    private static async Task<Address> DeployTicTacToeAsync(JsonRpcClient rpc, Address from, CancellationToken cancellationToken)
    {
        var definition = TicTacToe.Definition;
        var artifacts = await Solc.CompileAsync(new Dictionary<string, string> { ["TicTacToe.sol"] = definition.SoliditySource },
            cancellationToken: cancellationToken);
        var hash = await rpc.SendTransactionAsync(new TransactionRequest(from, Data: artifacts[definition.SolidityContractName].Bytecode), cancellationToken);
        return (await rpc.WaitForReceiptAsync(hash, cancellationToken: cancellationToken)).ContractAddress
            ?? throw new InvalidOperationException("Deploying the generated tic-tac-toe app failed.");
    }

    private static Outcome Eth(ulong alice, ulong bob) => new(new AssetOutcome(Address.Zero, [alice, bob]));

    /// <summary>A TransferApp state (appData = abi.encode(moveCount, maxMoves)) with moveCount = turnNum unless given.</summary>
    private static VariablePart State(ulong turnNum, Outcome outcome, bool isFinal = false, ulong? moveCount = null) =>
        new(AbiCoder.Encode("(uint256,uint256)", moveCount ?? turnNum, isFinal ? moveCount ?? turnNum : 10UL), outcome, turnNum, isFinal);

    private static SignedState Sign(FixedPart fixedPart, VariablePart variablePart) =>
        SignedState.SignedByAll(new State(fixedPart, variablePart), [Alice, Bob]);

    private static async Task<Address> DeployAsync(JsonRpcClient rpc, Address from, string contract)
    {
        var hash = await rpc.SendTransactionAsync(new TransactionRequest(from, Data: TestContracts.Load(contract).Bytecode));
        return (await rpc.WaitForReceiptAsync(hash)).ContractAddress ?? throw new InvalidOperationException($"Deploying {contract} failed.");
    }

    private static async Task SendAsync(JsonRpcClient rpc, Address from, Address to, string signature, params object?[] arguments)
    {
        var hash = await rpc.SendTransactionAsync(new TransactionRequest(from, to, Data: AbiCoder.EncodeFunctionCall(signature, arguments)));
        if (!(await rpc.WaitForReceiptAsync(hash)).Succeeded)
        {
            throw new InvalidOperationException($"{signature} failed.");
        }
    }
}
