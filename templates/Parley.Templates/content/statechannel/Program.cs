using System.Diagnostics;
using Parley;
using StateChannelApp;

// Plays one game of Nim in a state channel between local participants and prints how it ended.
// Each participant is a full Parley node: its own key, its own durable SQLite store, its own TCP endpoint (127.0.0.1).
// OFF CHAIN ONLY: no deposit, no on-chain conclude, no withdrawal; see README.md.

var dataDirectory = Path.Combine(Path.GetTempPath(), "parley-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
UInt256 stake = 1_000_000_000_000_000UL; // 0.001 ETH per participant, in wei
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var clock = Stopwatch.StartNew();

Console.WriteLine($"Parley state channel: {Nim.Definition.Id}, {Nim.Definition.ParticipantCount} participants (off chain: signed updates over TCP, durable SQLite stores; no chain transactions)");
try
{
    var result = await Match.PlayAsync(dataDirectory, stake, Console.WriteLine, timeout.Token);
    Console.WriteLine();
    Console.WriteLine($"channel {result.ChannelId}");
    Console.WriteLine($"  status:   {(result.Concluded ? "concluded" : "NOT concluded")} at turn {result.TurnNum} (final state signed by every participant)");
    Console.WriteLine($"  moves:    {string.Join(" ", result.Moves)}");
    Console.WriteLine($"  winner:   participant {result.Winner}");
    for (var i = 0; i < result.Balances.Count; i++)
    {
        Console.WriteLine($"  payout:   participant {i} gets {result.Balances[i]} wei");
    }
    Console.WriteLine($"  agreed:   {(result.AllNodesAgree ? "every node holds the same final state" : "NODES DISAGREE")}");
    Console.WriteLine($"  took:     {clock.ElapsedMilliseconds} ms");
    return result.Concluded && result.AllNodesAgree ? 0 : 1;
}
finally
{
    if (Directory.Exists(dataDirectory))
    {
        Directory.Delete(dataDirectory, recursive: true);
    }
}
