namespace Parley.GasReport;

/// <summary>One line of the gas table: a scenario's name and the gas it used.</summary>
/// <param name="Name">The scenario, e.g. <c>eth-deposit-first</c>.</param>
/// <param name="Gas">The gas used (the sum over the scenario's transactions).</param>
/// <param name="Nitro">Nitro's published figure for the same path (2 parties), when there is one.</param>
public sealed record GasFigure(string Name, ulong Gas, ulong? Nitro = null)
{
    /// <summary>The table line: <c>name value gas</c>.</summary>
    public override string ToString() => $"{Name} {Gas} gas";
}
