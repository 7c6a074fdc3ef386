namespace Parley.Nodes;

/// <summary>
/// A <see cref="ParleyNodeOptions"/> value is missing, out of range, or unusable (for example a data directory that
/// cannot be created): <see cref="ParleyNode.StartAsync"/> refused to start and left nothing running.
/// </summary>
public sealed class ParleyNodeOptionsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="option">The option's name, as a property path of <see cref="ParleyNodeOptions"/> (e.g. <c>Transport.ReconnectDelay</c>).</param>
    /// <param name="message">What is wrong with it.</param>
    /// <param name="innerException">The error that revealed it, if any.</param>
    public ParleyNodeOptionsException(string option, string message, Exception? innerException = null)
        : base($"ParleyNodeOptions.{option}: {message}", innerException)
    {
        Option = option;
    }

    /// <summary>The option's name, as a property path of <see cref="ParleyNodeOptions"/>.</summary>
    public string Option { get; }

    /// <summary>The option's name (the same as <see cref="Option"/>).</summary>
    public override string ParamName => Option;
}
