namespace Parley.Runtime.Peer.Machines;

/// <summary>
/// Tic-tac-toe for three on a 4×4 board: participants 0, 1, 2 place marks 1, 2, 3 in turn; three in a row (across,
/// down or diagonal) wins every stake; a full board is a draw.
/// </summary>
[StateMachine(Participants = 3)]
public partial class TicTacToe3
{
    /// <summary>The board, row by row: 0 empty, else the mark (participant index + 1).</summary>
    [FixedLength(16)]
    public byte[] Board = new byte[16];

    /// <summary>0 while the game runs, 1–3 the winner's mark, 4 a draw.</summary>
    public byte Winner;

    /// <summary>Marks placed so far.</summary>
    public byte Moves;

    /// <summary>The mover marks <paramref name="cell"/> (0–15, row by row).</summary>
    [Action]
    public void Play(byte cell)
    {
        Require(Winner == 0, "game over");
        Require(cell < 16, "no such cell");
        Require(Board[cell] == 0, "cell taken");
        byte mark = (byte)(Mover + 1);
        Board[cell] = mark;
        Moves++;
        if (Wins(mark))
        {
            Winner = mark;
            for (int p = 0; p < 3; p++)
            {
                if (p != Mover)
                {
                    PayAll(p, Mover);
                }
            }
        }
        else if (Moves == 16)
        {
            Winner = 4;
        }
    }

    /// <summary>The game is over once someone won or the board is full.</summary>
    public bool IsFinal => Winner != 0;

    private bool Wins(byte mark)
    {
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                if (c <= 1 && Same(mark, 4 * r + c, 4 * r + c + 1, 4 * r + c + 2))
                {
                    return true;
                }
                if (r <= 1 && Same(mark, 4 * r + c, 4 * (r + 1) + c, 4 * (r + 2) + c))
                {
                    return true;
                }
                if (r <= 1 && c <= 1 && Same(mark, 4 * r + c, 4 * (r + 1) + c + 1, 4 * (r + 2) + c + 2))
                {
                    return true;
                }
                if (r <= 1 && c >= 2 && Same(mark, 4 * r + c, 4 * (r + 1) + c - 1, 4 * (r + 2) + c - 2))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private bool Same(byte mark, int a, int b, int c) => Board[a] == mark && Board[b] == mark && Board[c] == mark;
}
