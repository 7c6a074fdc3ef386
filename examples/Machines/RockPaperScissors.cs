namespace Parley.Examples.Machines;

/// <summary>A hand in <see cref="RockPaperScissors"/>.</summary>
public enum Hand : byte
{
    /// <summary>Not played yet.</summary>
    None = 0,

    /// <summary>Beats scissors.</summary>
    Rock = 1,

    /// <summary>Beats rock.</summary>
    Paper = 2,

    /// <summary>Beats paper.</summary>
    Scissors = 3,
}

/// <summary>
/// Rock-paper-scissors with commit–reveal: participant 0 commits to keccak256(abi.encode(uint8 hand, bytes32 salt)),
/// participant 1 answers in the clear, participant 0 reveals. The winner takes both stakes.
/// </summary>
[StateMachine(Participants = 2)]
public partial class RockPaperScissors
{
    /// <summary>Participant 0's commitment.</summary>
    public Bytes32 Commitment;

    /// <summary>Participant 1's hand.</summary>
    public Hand Answer;

    /// <summary>Participant 0's revealed hand.</summary>
    public Hand Revealed;

    /// <summary>0 commit, 1 answer, 2 reveal, 3 done.</summary>
    public byte Phase;

    /// <summary>0 none, 1 participant 0, 2 participant 1, 3 draw.</summary>
    public byte Winner;

    /// <summary>Participant 0 commits to a hand.</summary>
    [Action]
    public void Commit(Bytes32 commitment)
    {
        Require(Phase == 0, "not the commit phase");
        Require(Mover == 0, "participant 0 commits");
        Commitment = commitment;
        Phase = 1;
    }

    /// <summary>Participant 1 answers with a hand.</summary>
    [Action]
    public void Respond(Hand hand)
    {
        Require(Phase == 1, "not the answer phase");
        Require(Mover == 1, "participant 1 answers");
        Require(IsHand(hand), "invalid hand");
        Answer = hand;
        Phase = 2;
    }

    /// <summary>Participant 0 reveals the committed hand and its salt; the winner is paid.</summary>
    [Action]
    public void Reveal(Hand hand, Bytes32 salt)
    {
        Require(Phase == 2, "not the reveal phase");
        Require(Mover == 0, "participant 0 reveals");
        Require(Keccak256((byte)hand, salt) == Commitment, "commitment mismatch");
        Require(IsHand(hand), "invalid hand");
        Revealed = hand;
        Phase = 3;
        Winner = Judge(hand, Answer);
        if (Winner == 1)
        {
            PayAll(1, 0);
        }
        else if (Winner == 2)
        {
            PayAll(0, 1);
        }
    }

    /// <summary>The game ends with the reveal.</summary>
    public bool IsFinal => Phase == 3;

    private static bool IsHand(Hand hand) => hand is Hand.Rock or Hand.Paper or Hand.Scissors;

    private static byte Judge(Hand first, Hand second)
    {
        if (first == second)
        {
            return 3;
        }
        int difference = ((int)first - (int)second + 3) % 3;
        return difference == 1 ? (byte)1 : (byte)2;
    }
}
