using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class RequireCatchTests
{
    [Fact]
    public Task Flags_catches_that_could_swallow_a_failed_require() => Verify.DiagnosticsAsync(Sources.Game(
        """
        try { Require(cell < 9, "off the board"); } {|PARLEY013:catch|} { }
        try { Require(cell < 9, "off the board"); } {|PARLEY013:catch (Exception e)|} when (e.Message.Length > 0) { }
        try { Require(cell < 9, "off the board"); } {|PARLEY013:catch (ActionRejectedException)|} { throw; }
        """));

    [Fact]
    public Task Specific_catches_finally_and_unreached_catches_are_fine() => Verify.DiagnosticsAsync(
        Sources.Game(
            """
            try { turn = checked(turn + cell); } catch (OverflowException) { turn = 0; }
            try { Require(cell < 9, "off the board"); } finally { turn = cell; }
            """,
            """
            public static class Tolerant
            {
                public static bool Try(Action action)
                {
                    try { action(); return true; } catch (Exception) { return false; }
                }
            }
            """));
}
