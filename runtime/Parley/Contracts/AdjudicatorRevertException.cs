namespace Parley.Contracts;

/// <summary>An adjudicator call or transaction reverted; <see cref="Error"/> says why (decoded by selector).</summary>
public sealed class AdjudicatorRevertException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="function">The adjudicator function called, e.g. <c>challenge</c>.</param>
    /// <param name="error">The decoded revert.</param>
    /// <param name="innerException">The RPC error that carried the revert data, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="error"/> is null.</exception>
    public AdjudicatorRevertException(string function, AdjudicatorError error, Exception? innerException = null)
        : base($"{function} reverted: {error?.Message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(error);
        Function = function;
        Error = error;
    }

    /// <summary>The adjudicator function called.</summary>
    public string Function { get; }

    /// <summary>The decoded revert.</summary>
    public AdjudicatorError Error { get; }
}
