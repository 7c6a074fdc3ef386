using System.Globalization;
using Parley.Chain;

namespace Parley.Cli.Tests;

/// <summary>What <c>parley devchain</c> printed: RPC URL, chain id, adjudicator, app and the dev accounts table.</summary>
internal sealed record DevChainInfo(Uri Rpc, ulong ChainId, Address Adjudicator, Address App, IReadOnlyList<DevAccount> Accounts)
{
    public static async Task<DevChainInfo> ReadAsync(CliProcess devchain, TimeSpan timeout)
    {
        await devchain.WaitForLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), timeout);
        var lines = devchain.Stdout;
        string Value(string key) => lines.First(l => l.StartsWith(key + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var accounts = lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 3 && int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(p => new DevAccount(Address.Parse(p[1]), p[2]))
            .ToArray();
        return new DevChainInfo(new Uri(Value("rpc")), ulong.Parse(Value("chain-id"), CultureInfo.InvariantCulture), Address.Parse(Value("adjudicator")),
            Address.Parse(Value("app")), accounts);
    }
}
