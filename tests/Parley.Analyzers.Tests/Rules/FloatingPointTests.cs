using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class FloatingPointTests
{
    [Fact]
    public Task Flags_types_literals_conversions_and_math() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private {|PARLEY003:double|} ratio;

            public {|PARLEY003:decimal|} Fee { get; set; }

            [Action]
            public void Play(int cell)
            {
                {|PARLEY003:float|} scaled = {|PARLEY003:cell|};
                var half = {|PARLEY003:0.5m|};
                var root = {|PARLEY003:Math.Sqrt(cell)|};
                var floor = {|PARLEY003:MathF.Floor(2f)|};
                var cast = ({|PARLEY003:Half|})cell;
                var list = new List<{|PARLEY003:double|}>();
                var seconds = {|PARLEY003:TimeSpan.FromMinutes(cell).TotalSeconds|};
                var max = Math.Max(cell, 3);
            }

            private static int Round({|PARLEY003:System.Double|} value) => (int)value;
        }
        """));

    [Fact]
    public Task Flags_floating_point_behind_a_using_alias() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        using Money = System.Double;

        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private {|PARLEY003:Money|} balance;

            [Action]
            public void Play(int cell) => balance = {|PARLEY003:cell|};
        }
        """));

    [Fact]
    public Task Floating_point_outside_the_scope_is_fine() => Verify.DiagnosticsAsync(
        Sources.Game("var max = Math.Max(cell, 3) * 1;"),
        Sources.File("Charts.cs", "public static class Charts { public static double Scale(int x) => x * 0.5; }"));
}
