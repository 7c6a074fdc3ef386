namespace Parley.Contracts.Tests;

/// <summary>
/// Base of the tests on the shared anvil: after every test (xunit disposes the test class instance after each test),
/// the solvency invariant is checked over the adjudicator's whole history (<see cref="Ledger"/>), so no scenario —
/// successful or attacked — can leave payouts above deposits.
/// </summary>
public abstract class ChainTest(AdjudicatorFixture chain) : IAsyncLifetime
{
    protected AdjudicatorFixture Chain => chain;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Ledger.AssertSolventAsync(chain);
}
