namespace Parley.Chain;

// Querying event logs.
public sealed partial class JsonRpcClient
{
    /// <summary><c>eth_getLogs</c>: the logs matching <paramref name="filter"/>, in chain order.</summary>
    /// <exception cref="JsonRpcException">The node refused the query (for example a range too large for it).</exception>
    /// <exception cref="RpcFormatException">A log object is malformed.</exception>
    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await SendAsync("eth_getLogs", Params(filter.ToJson()), cancellationToken).ConfigureAwait(false);
        if (result.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            throw new RpcFormatException("eth_getLogs", $"expected an array of logs, got {result.ValueKind}");
        }
        var logs = new LogEntry[result.GetArrayLength()];
        var i = 0;
        foreach (var log in result.EnumerateArray())
        {
            logs[i] = LogEntry.FromJson(log, $"eth_getLogs[{i}]");
            i++;
        }
        return Array.AsReadOnly(logs);
    }
}
