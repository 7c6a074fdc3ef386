using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class ClockTests
{
    [Fact]
    public Task Flags_every_clock_and_timer() => Verify.DiagnosticsAsync(Sources.Game("""
        var a = {|PARLEY001:DateTime.Now|};
        var b = {|PARLEY001:DateTime.Today|};
        var c = {|PARLEY001:DateTimeOffset.UtcNow|}.ToUnixTimeSeconds();
        var d = {|PARLEY001:Stopwatch.StartNew()|};
        var e = {|PARLEY001:Stopwatch.GetTimestamp()|};
        var f = {|PARLEY001:Environment.TickCount64|};
        var g = {|PARLEY001:TimeProvider.System|}.GetUtcNow();
        {|PARLEY001:Thread.Sleep(1)|};
        var h = {|PARLEY001:Task.Delay(5)|};
        using var timer = {|PARLEY001:new Timer(_ => { })|};
        """));

    [Fact]
    public Task DateTime_as_a_value_is_fine() => Verify.DiagnosticsAsync(
        Sources.Game(
            "var deadline = Deadlines.Add(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(1));",
            """
            public static class Deadlines
            {
                public static DateTime Add(DateTime start, TimeSpan span) => start + span;
            }

            public static class Logging
            {
                // Not reached from any state machine.
                public static DateTime Stamp() => DateTime.UtcNow;
            }
            """));
}
