namespace Parley.Store;

/// <summary>
/// Thrown when the store cannot do what was asked for a reason other than the signing guard: an append that would
/// overwrite a logged turnNum, a write for an unregistered channel, a database that is not a Parley store or is
/// corrupt, or an I/O failure (the inner exception then tells which). The failed batch changes nothing.
/// </summary>
public sealed class StoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and why.</param>
    /// <param name="innerException">The underlying SQLite or I/O exception, if any.</param>
    public StoreException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
