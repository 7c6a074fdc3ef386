namespace Parley.Nodes;

/// <summary>
/// The chain the node connected to is not the one its options describe: it reports another chain id than
/// <see cref="ParleyNodeOptions.ChainId"/>, or holds no contract at <see cref="ParleyNodeOptions.Adjudicator"/>.
/// <see cref="ParleyNode.StartAsync"/> refused to start and left nothing running.
/// </summary>
public sealed class ChainMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="option">The option the chain contradicts (<c>ChainId</c> or <c>Adjudicator</c>).</param>
    /// <param name="expected">What the options say.</param>
    /// <param name="actual">What the chain says.</param>
    public ChainMismatchException(string option, string expected, string actual)
        : base($"The chain does not match ParleyNodeOptions.{option}: expected {expected}, the chain has {actual}.")
    {
        Option = option;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The option the chain contradicts (<c>ChainId</c> or <c>Adjudicator</c>).</summary>
    public string Option { get; }

    /// <summary>What the options say.</summary>
    public string Expected { get; }

    /// <summary>What the chain says.</summary>
    public string Actual { get; }
}
