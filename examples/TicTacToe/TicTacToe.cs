namespace Parley.Examples;

/// <summary>
/// Tic-tac-toe between participant 0 (X, moves first) and participant 1 (O). Each participant stakes into the channel;
/// the winner takes everything, a draw leaves the stakes where they are.
/// </summary>
[StateMachine(Participants = 2)]
public partial class TicTacToe
{
    /// <summary>The 3×3 board, row by row: 0 empty, 1 X, 2 O.</summary>
    [FixedLength(9)]
    public byte[] Board = new byte[9];

    /// <summary>0 while the game runs, 1 X won, 2 O won, 3 draw.</summary>
    public byte Winner;

    /// <summary>Marks placed so far.</summary>
    public byte Moves;

    /// <summary>The mover puts their mark on <paramref name="cell"/> (0–8, row by row).</summary>
    [Action]
    public void Play(byte cell)
    {
        Require(Winner == 0, "game over");
        Require(cell < 9, "no such cell");
        Require(Board[cell] == 0, "cell taken");
        Board[cell] = (byte)(Mover + 1);
        Moves++;
        Winner = LineWinner();
        if (Winner == 0 && Moves == 9)
        {
            Winner = 3;
        }
        if (Winner is 1 or 2)
        {
            PayAll(from: 2 - Winner, to: Winner - 1);   // the loser's stake goes to the winner
        }
    }

    /// <summary>The game is over once someone won or the board is full.</summary>
    public bool IsFinal => Winner != 0;

    private byte LineWinner()
    {
        for (int i = 0; i < 3; i++)
        {
            byte row = Line(3 * i, 3 * i + 1, 3 * i + 2);
            if (row != 0)
            {
                return row;
            }
            byte column = Line(i, i + 3, i + 6);
            if (column != 0)
            {
                return column;
            }
        }
        byte diagonal = Line(0, 4, 8);
        if (diagonal != 0)
        {
            return diagonal;
        }
        return Line(2, 4, 6);
    }

    private byte Line(int a, int b, int c) =>
        Board[a] != 0 && Board[a] == Board[b] && Board[b] == Board[c] ? Board[a] : (byte)0;
}
