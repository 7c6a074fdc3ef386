using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class ReflectionTests
{
    [Fact]
    public Task Flags_reflection_and_dynamic() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var type = {|PARLEY009:GetType()|};
        var field = {|PARLEY009:typeof(Game).GetField("turn", System.Reflection.BindingFlags.NonPublic)|};
        var made = {|PARLEY009:Activator.CreateInstance(typeof(Game))|};
        {|PARLEY009:dynamic|} loose = cell;
        var sum = {|PARLEY009:loose.Extra(1)|};
        """));

    [Fact]
    public Task Typeof_and_nameof_alone_are_fine() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var name = nameof(Game.Turn);
        var same = typeof(int) == typeof(int);
        """));
}
