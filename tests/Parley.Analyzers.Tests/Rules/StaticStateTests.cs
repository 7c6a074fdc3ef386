using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class StaticStateTests
{
    [Fact]
    public Task Flags_static_mutable_declarations_writes_and_reads() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private static int {|PARLEY008:moves|};
            private static readonly List<int> {|PARLEY008:History|} = new();
            private static readonly int[] {|PARLEY008:Weights|} = { 1, 2 };
            public static int {|PARLEY008:Players|} { get; set; }

            [Action]
            public void Play(int cell)
            {
                {|PARLEY012:{|PARLEY008:moves|}++|};
                {|PARLEY008:Weights[0]|} = cell;
                {|PARLEY008:Settings.Limit|} = cell;
                var limit = {|PARLEY008:Settings.Limit|};
                {|PARLEY008:Players|} = 2;
            }
        }

        public static class Settings
        {
            public static int Limit;
        }
        """));

    [Fact]
    public Task Constants_and_static_readonly_immutable_state_are_fine() => Verify.DiagnosticsAsync(("Game.cs", TestCompilation.Usings + """
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            private const int Size = 3;
            private static readonly string Name = "tic-tac-toe";
            private static readonly ImmutableArray<int> Lines = ImmutableArray.Create(0, 1, 2);
            private static readonly Rule Default = new(3);
            private static readonly (int Rows, int Columns) Shape;
            private int turn;

            static Game()
            {
                Shape = (Size, Size);
            }

            [Action]
            public void Play(int cell) => turn = checked(cell + Lines[0] + Name.Length + Default.Limit + Shape.Rows + Settings.Max);
        }

        public sealed record Rule(int Limit);

        public static class Settings
        {
            public static readonly int Max = 9;
            public static int Unused;
        }
        """));
}
