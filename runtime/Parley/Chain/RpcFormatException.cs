namespace Parley.Chain;

/// <summary>
/// A JSON-RPC value or response is malformed: a hex quantity or data string that breaks the Ethereum JSON-RPC
/// encoding rules, a missing or mistyped field, or a response that is not a JSON-RPC 2.0 object. The message names the
/// field (for example <c>eth_getTransactionReceipt.gasUsed</c>) and what is wrong with it.
/// </summary>
public sealed class RpcFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field or value that is malformed, e.g. <c>receipt.status</c>.</param>
    /// <param name="problem">What is wrong with it.</param>
    public RpcFormatException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    /// <summary>The field or value that is malformed.</summary>
    public string Field { get; }
}
