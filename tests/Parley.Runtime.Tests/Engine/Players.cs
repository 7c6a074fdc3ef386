using Parley.Engine;
using Parley.Examples;
using Parley.Protocol;

namespace Parley.Runtime.Tests.Engine;

/// <summary>Plays tic-tac-toe with random valid moves until the channel concludes.</summary>
public static class Players
{
    public static async Task PlayTicTacToeAsync(ChannelEngine engine, Bytes32 channelId, Random random, CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = await engine.WaitForAsync(channelId, s => s.Phase == ChannelPhase.Concluded || s.NextMover == s.MyIndex, cancellationToken);
            if (state.Phase == ChannelPhase.Concluded)
            {
                return;
            }
            var board = TicTacToe.FromAppData(state.Latest.AppData).Board;
            var empty = Enumerable.Range(0, 9).Where(i => board[i] == 0).ToArray();
            var cell = (byte)empty[random.Next(empty.Length)];
            try
            {
                await engine.ActAsync(channelId, TicTacToe.Actions.Play(cell), cancellationToken);
            }
            catch (ChannelRequestException e) when (e.Reason is RejectionReason.NotYourTurn or RejectionReason.StateIsFinal or RejectionReason.ChannelNotRunning)
            {
                // The state moved on between the wait and the request; look again.
            }
        }
    }
}
