using Parley;

namespace StateChannelApp;

/// <summary>
/// Nim, the rules of this channel: a pile of tokens; the participants take turns (participant 0 first) removing 1, 2
/// or 3 tokens; whoever takes the last token wins every other participant's stake.
/// </summary>
/// <remarks>
/// The Parley generator turns this class into a canonical codec (<c>ToAppData</c>/<c>FromAppData</c>), calldata for each
/// action (<c>Nim.Actions.Take(2)</c>), a reducer the runtime runs on every update, and a Solidity contract with the
/// same rules for the adjudicator (after a build: <c>bin/&lt;Configuration&gt;/net10.0/solidity/StateChannelApp.Nim.sol</c>).
/// Parley's analyzers reject anything non-deterministic here at compile time: clocks (PARLEY001), randomness (PARLEY002),
/// floating point (PARLEY003), I/O (PARLEY006), …
/// </remarks>
[StateMachine(Participants = 2 /* participants */)]
public partial class Nim
{
    /// <summary>The number of tokens a new game starts with.</summary>
    public const byte StartingPile = 21;

    /// <summary>The most tokens one move may take.</summary>
    public const byte MaxTake = 3;

    /// <summary>Tokens left on the pile.</summary>
    public byte Pile = StartingPile;

    /// <summary>0 while the game runs, else the winner's participant index + 1.</summary>
    public byte Winner;

    /// <summary>The mover takes <paramref name="count"/> tokens (1 to <see cref="MaxTake"/>, at most the pile).</summary>
    [Action]
    public void Take(byte count)
    {
        Require(Winner == 0, "game over");
        Require(count >= 1 && count <= MaxTake, "take 1 to 3 tokens");
        Require(count <= Pile, "not enough tokens");
        Pile -= count;
        if (Pile == 0)
        {
            Winner = (byte)(Mover + 1);
            for (int i = 0; i < ParticipantCount; i++)
            {
                if (i != Mover)
                {
                    PayAll(i, Mover);
                }
            }
        }
    }

    /// <summary>No move is valid once someone has won; the channel then concludes.</summary>
    public bool IsFinal => Winner != 0;
}
