using System.Collections.Immutable;
using System.Numerics;
using Parley.Abi;
using Parley.Channels;

namespace Parley.Contracts.Tests;

/// <summary>
/// The rules of contracts/test/TransferApp.sol in C#: appData = abi.encode(uint256 moveCount, uint256 maxMoves);
/// <c>pay(uint256)</c> moves asset 0 from the mover to the next participant, <c>finish()</c> ends the game; participant
/// <c>turnNum % n</c> moves.
/// </summary>
public static class TransferAppModel
{
    public static byte[] AppData(ulong moveCount, ulong maxMoves) => AbiCoder.Encode("(uint256,uint256)", moveCount, maxMoves);

    public static (ulong MoveCount, ulong MaxMoves) Read(ReadOnlySpan<byte> appData)
    {
        var values = AbiCoder.Decode("(uint256,uint256)", appData);
        return ((ulong)(BigInteger)values[0]!, (ulong)(BigInteger)values[1]!);
    }

    public static byte[] Pay(ulong amount) => AbiCoder.EncodeFunctionCall("pay(uint256)", amount);

    public static byte[] Finish() => AbiCoder.EncodeFunctionCall("finish()");

    public static int NextMover(ulong turnNum, int participantCount) => (int)(turnNum % (ulong)participantCount);

    /// <summary>The state after <paramref name="action"/>, or an exception with the app's reason.</summary>
    public static VariablePart Apply(VariablePart state, ReadOnlySpan<byte> action, int participantCount)
    {
        var (moveCount, maxMoves) = Read(state.AppData.AsSpan());
        if (moveCount >= maxMoves)
        {
            throw new InvalidOperationException("TransferApp: game over");
        }
        var mover = NextMover(state.TurnNum, participantCount);
        var outcome = state.Outcome;
        if (action.SequenceEqual(Finish()))
        {
            moveCount = maxMoves;
        }
        else if (action.Length == 36 && action[..4].SequenceEqual(Pay(0).AsSpan(0, 4)))
        {
            var amount = (UInt256)(BigInteger)AbiCoder.Decode("(uint256)", action[4..])[0]!;
            var balances = outcome.Assets[0].Balances.ToBuilder();
            if (balances[mover] < amount)
            {
                throw new InvalidOperationException("TransferApp: insufficient balance");
            }
            balances[mover] -= amount;
            balances[(mover + 1) % balances.Count] += amount;
            outcome = new Outcome(outcome.Assets.SetItem(0, outcome.Assets[0] with { Balances = balances.MoveToImmutable() }));
            moveCount++;
        }
        else
        {
            throw new InvalidOperationException("TransferApp: unknown action");
        }
        return new VariablePart(AppData(moveCount, maxMoves), outcome, state.TurnNum + 1, moveCount >= maxMoves);
    }
}
