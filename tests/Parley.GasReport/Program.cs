using Parley.GasReport;

// Prints the adjudicator's gas table, one `name value gas` line per figure (for script/bench and
// contracts/gas-snapshot.txt). With --nitro, adds Nitro's published figure where there is one.
var withNitro = args.Contains("--nitro");
foreach (var figure in await GasScenarios.RunAsync())
{
    Console.WriteLine(withNitro && figure.Nitro is { } nitro ? $"{figure} (nitro {nitro})" : figure.ToString());
}
