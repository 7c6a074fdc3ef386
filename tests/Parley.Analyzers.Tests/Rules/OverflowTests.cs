using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class OverflowTests
{
    [Fact]
    public Task Flags_arithmetic_that_can_overflow_silently() => Verify.DiagnosticsAsync(Sources.Game(
        """
        int a = cell, b = turn;
        long wide = cell;
        var sum = {|PARLEY012:a + b|};
        var product = {|PARLEY012:a * b + 1|};
        var negated = {|PARLEY012:-a|};
        {|PARLEY012:a++|};
        {|PARLEY012:b -= a|};
        var narrowed = {|PARLEY012:(int)wide|};
        for (var i = 0; i < 3; {|PARLEY012:i++|}) { }
        UInt128 big = 5;
        var bigger = {|PARLEY012:big * big|};
        """));

    [Fact]
    public Task Checked_explicitly_unchecked_and_provably_safe_arithmetic_is_fine() => Verify.DiagnosticsAsync(Sources.Game(
        """
        int a = cell, b = turn;
        byte x = 1, y = 2;
        var checkedSum = checked(a + b);
        var wrapped = unchecked(a * b);
        unchecked
        {
            a++;
        }
        checked
        {
            b += a;
        }
        var small = x + y;
        var constant = 3 * 4;
        var masked = (byte)(a & 0xFF);
        var digit = (a % 10) + 1;
        var widened = (long)a;
        """));

    [Fact]
    public Task Nothing_is_flagged_when_the_project_checks_overflow() => Verify.DiagnosticsAsync(
        checkOverflow: true,
        Sources.Game("int a = cell, b = turn; var sum = a * b; a++; var narrowed = (short)a;"));
}
