namespace Parley.Crypto;

/// <summary>
/// Chooses the process-wide secp256k1 back-end. <see cref="Default"/> is <see cref="NativeSecp256k1"/> when
/// <c>libsecp256k1.so.1</c> loads, else <see cref="ManagedSecp256k1"/>; the environment variable
/// <c>PARLEY_SECP256K1</c> = <c>native</c> | <c>managed</c> forces one (read once, on first use of
/// <see cref="Default"/>). <c>Secp256k1.Default.Name</c> tells which is in use.
/// </summary>
public static class Secp256k1
{
    /// <summary>The environment variable that forces a back-end: <c>PARLEY_SECP256K1</c>.</summary>
    public const string EnvironmentVariable = "PARLEY_SECP256K1";

    private static readonly Lazy<ISecp256k1> LazyDefault = new(FromEnvironment, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The process-wide back-end, chosen on first use by <see cref="Select"/> from <c>PARLEY_SECP256K1</c>.
    /// </summary>
    /// <exception cref="DllNotFoundException"><c>PARLEY_SECP256K1=native</c> but the library is missing.</exception>
    /// <exception cref="InvalidOperationException"><c>PARLEY_SECP256K1</c> has a value other than <c>native</c> or <c>managed</c>.</exception>
    public static ISecp256k1 Default => LazyDefault.Value;

    /// <summary>Whether the native back-end can be used here (<c>libsecp256k1.so.1</c> with the recovery module loads).</summary>
    public static bool IsNativeAvailable => NativeSecp256k1.IsAvailable;

    /// <summary>
    /// Creates a back-end from the current value of <c>PARLEY_SECP256K1</c> (see <see cref="Select"/>). Unlike
    /// <see cref="Default"/> it reads the variable on every call and returns a new instance.
    /// </summary>
    /// <exception cref="DllNotFoundException">The variable says <c>native</c> but the library is missing.</exception>
    /// <exception cref="InvalidOperationException">The variable has a value other than <c>native</c> or <c>managed</c>.</exception>
    public static ISecp256k1 FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        try
        {
            return Select(value);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{EnvironmentVariable}={value} is not understood: {e.Message}", e);
        }
    }

    /// <summary>
    /// Creates a back-end by choice: <c>"native"</c> (fails if the library is missing), <c>"managed"</c>, or null/empty
    /// for automatic (native when available, else managed). Case-insensitive, surrounding spaces ignored.
    /// </summary>
    /// <param name="choice">The choice.</param>
    /// <exception cref="DllNotFoundException"><c>"native"</c> but <c>libsecp256k1.so.1</c> is missing.</exception>
    /// <exception cref="ArgumentException">Any other value.</exception>
    public static ISecp256k1 Select(string? choice)
    {
        var normalized = choice?.Trim().ToLowerInvariant();
        return normalized switch
        {
            null or "" => NativeSecp256k1.IsAvailable ? new NativeSecp256k1() : new ManagedSecp256k1(),
            "native" => new NativeSecp256k1(),
            "managed" => new ManagedSecp256k1(),
            _ => throw new ArgumentException($"The secp256k1 back-end must be \"native\" or \"managed\", got \"{choice}\".", nameof(choice)),
        };
    }
}
