using System.Globalization;
using System.Text;

namespace Parley.Analyzers.Bench;

/// <summary>
/// Writes the benchmark project: 20 <c>[StateMachine]</c> classes (actions with loops, checked arithmetic, fixed-size
/// arrays, helpers in other files and types reached transitively), shared helper types, and code no state machine
/// reaches (which uses clocks and the console, as real projects do) — about 5,000 lines of C#, all free of determinism
/// diagnostics so that the build with the analyzers succeeds.
/// </summary>
public static class BenchProject
{
    public const int StateMachines = 20;

    /// <summary>Writes the project into <paramref name="directory"/>; returns the number of C# lines written.</summary>
    /// <param name="directory">An empty folder.</param>
    /// <param name="analyzerPath">The Parley.Analyzers assembly, added as an analyzer when the build sets <c>WithParleyAnalyzers=true</c>.</param>
    public static int Write(string directory, string analyzerPath)
    {
        File.WriteAllText(Path.Combine(directory, "Bench.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <CheckForOverflowUnderflow>true</CheckForOverflowUnderflow>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup Condition="'$(WithParleyAnalyzers)' == 'true'">
                <Analyzer Include="{analyzerPath}" />
              </ItemGroup>
            </Project>
            """);
        var lines = 0;
        lines += Save(directory, "Parley.cs", ParleySurface);
        lines += Save(directory, "Shared/Arithmetic.cs", Arithmetic);
        lines += Save(directory, "Tools/Reporting.cs", Reporting);
        for (var i = 0; i < StateMachines; i++)
        {
            lines += Save(directory, $"Machines/Machine{i:00}.cs", Machine(i));
            lines += Save(directory, $"Machines/Machine{i:00}.Rules.cs", MachineRules(i));
        }
        return lines;
    }

    private static int Save(string directory, string relative, string text)
    {
        var path = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return text.Split('\n').Length;
    }

    private const string ParleySurface = """
        namespace Parley;

        [AttributeUsage(AttributeTargets.Class)]
        public sealed class StateMachineAttribute : Attribute { }

        [AttributeUsage(AttributeTargets.Method)]
        public sealed class ActionAttribute : Attribute { }

        public sealed class ActionRejectedException(string reason) : Exception(reason);

        public static class Requirements
        {
            public static void Require(bool condition, string reason)
            {
                if (!condition)
                {
                    throw new ActionRejectedException(reason);
                }
            }
        }
        """;

    private const string Arithmetic = """
        namespace Bench.Shared;

        public static class Arithmetic
        {
            public static ulong MulDiv(ulong value, ulong numerator, ulong denominator)
            {
                Parley.Requirements.Require(denominator != 0, "division by zero");
                return value * numerator / denominator;
            }

            public static ulong Min(ulong a, ulong b) => a < b ? a : b;

            public static ulong Max(ulong a, ulong b) => a > b ? a : b;

            public static uint Sum(ReadOnlySpan<byte> values)
            {
                uint total = 0;
                foreach (var value in values)
                {
                    total += value;
                }
                return total;
            }

            public static int CountEqual(byte[] values, byte wanted)
            {
                var count = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    if (values[i] == wanted)
                    {
                        count++;
                    }
                }
                return count;
            }
        }

        public readonly record struct Share(ulong Numerator, ulong Denominator)
        {
            public ulong Of(ulong amount) => Arithmetic.MulDiv(amount, Numerator, Denominator);
        }
        """;

    private const string Reporting = """
        using System.Globalization;

        namespace Bench.Tools;

        // Client-side code no state machine reaches: clocks, the console and floating point are fine here.
        public static class Reporting
        {
            private static readonly Dictionary<string, int> Counters = new();

            public static void Log(string message)
            {
                var stamp = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                Console.WriteLine(stamp + " " + message);
            }

            public static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

            public static void Count(string name)
            {
                Counters[name] = Counters.TryGetValue(name, out var n) ? n + 1 : 1;
                foreach (var pair in Counters)
                {
                    Log(pair.Key + "=" + pair.Value.ToString(CultureInfo.InvariantCulture));
                }
            }
        }
        """;

    private static string Machine(int i) => $$"""
        using Bench.Shared;
        using Parley;
        using static Parley.Requirements;

        namespace Bench.Machines;

        /// <summary>Benchmark machine {{i}}: a board game with stakes, deposits and a pot.</summary>
        [StateMachine]
        public partial class Machine{{i:00}}
        {
            public const int Cells = {{9 + i % 7}};

            public byte[] Board = new byte[Cells];
            public ulong[] Stakes = new ulong[2];
            public ulong Pot;
            public uint Moves;
            public byte Winner;
            public byte Turn;
            public bool Closed;
            public Share Fee = new(25, 1_000);

            [Action]
            public void Play(byte mover, byte cell)
            {
                Require(!Closed, "closed");
                Require(mover == Turn, "not your turn");
                Require(cell < Cells, "no such cell");
                Require(Board[cell] == 0, "cell taken");
                Board[cell] = (byte)(mover + 1);
                Moves++;
                Turn = (byte)(1 - Turn);
                Winner = Lines{{i:00}}.Winner(Board);
                if (Winner != 0)
                {
                    Settle(Winner - 1);
                }
                else if (Moves == Cells)
                {
                    Closed = true;
                }
            }

            [Action]
            public void Deposit(byte mover, ulong amount)
            {
                Require(!Closed, "closed");
                Require(mover < 2, "no such participant");
                Require(amount > 0, "nothing deposited");
                Stakes[mover] += amount;
                Pot += amount;
            }

            [Action]
            public void Withdraw(byte mover, ulong amount)
            {
                Require(mover < 2, "no such participant");
                Require(Stakes[mover] >= amount, "not enough stake");
                Require(Moves == 0, "the game started");
                Stakes[mover] -= amount;
                Pot -= amount;
            }

            [Action]
            public void Resign(byte mover)
            {
                Require(!Closed, "closed");
                Require(mover < 2, "no such participant");
                Settle(1 - mover);
            }

            [Action]
            public void Undo(byte mover, byte cell)
            {
                Require(!Closed, "closed");
                Require(Board[cell] == mover + 1, "not your mark");
                Require(Moves > 0, "nothing to undo");
                Board[cell] = 0;
                Moves--;
                Turn = mover;
            }

            [Action]
            public void Swap(byte mover, byte from, byte to)
            {
                Require(!Closed, "closed");
                Require(from < Cells && to < Cells, "no such cell");
                Require(Board[from] == mover + 1 && Board[to] == 0, "illegal swap");
                (Board[from], Board[to]) = (Board[to], Board[from]);
                Winner = Lines{{i:00}}.Winner(Board);
            }

            [Action]
            public void Rematch(byte mover)
            {
                Require(Closed, "the game is still running");
                Require(mover < 2, "no such participant");
                for (var i = 0; i < Cells; i++)
                {
                    Board[i] = 0;
                }
                Moves = 0;
                Winner = 0;
                Turn = (byte)(1 - mover);
                Closed = false;
            }

            [Action]
            public void Bonus(byte mover, byte cell)
            {
                Require(!Closed, "closed");
                Require(cell < Cells && Board[cell] == mover + 1, "not your mark");
                var score = Scoring{{i:00}}.Score(Board, Moves);
                Stakes[mover] += Arithmetic.Min(score, Pot);
                Pot -= Arithmetic.Min(score, Pot);
            }

            public bool IsFinal => Closed || Winner != 0;

            public uint Score => Scoring{{i:00}}.Score(Board, Moves);

            public ulong FeeDue => Fee.Of(Pot);

            private void Settle(int winner)
            {
                var fee = Fee.Of(Pot);
                var prize = Pot - fee;
                Stakes[winner] += prize;
                Stakes[1 - winner] = Arithmetic.Min(Stakes[1 - winner], 0);
                Pot = fee;
                Closed = true;
            }
        }
        """;

    private static string MachineRules(int i) => $$"""
        using Bench.Shared;

        namespace Bench.Machines;

        public static class Lines{{i:00}}
        {
            public static byte Winner(byte[] board)
            {
                var width = Width(board.Length);
                for (var row = 0; row < width; row++)
                {
                    var mark = Row(board, row, width);
                    if (mark != 0)
                    {
                        return mark;
                    }
                }
                for (var column = 0; column < width; column++)
                {
                    var mark = Column(board, column, width);
                    if (mark != 0)
                    {
                        return mark;
                    }
                }
                return Diagonal(board, width);
            }

            private static int Width(int cells)
            {
                var width = 1;
                while ((width + 1) * (width + 1) <= cells)
                {
                    width++;
                }
                return width;
            }

            private static byte Row(byte[] board, int row, int width)
            {
                var first = board[row * width];
                for (var i = 1; i < width; i++)
                {
                    if (board[row * width + i] != first)
                    {
                        return 0;
                    }
                }
                return first;
            }

            private static byte Column(byte[] board, int column, int width)
            {
                var first = board[column];
                for (var i = 1; i < width; i++)
                {
                    if (board[i * width + column] != first)
                    {
                        return 0;
                    }
                }
                return first;
            }

            private static byte Diagonal(byte[] board, int width)
            {
                var first = board[0];
                for (var i = 1; i < width; i++)
                {
                    if (board[i * width + i] != first)
                    {
                        return 0;
                    }
                }
                return first;
            }
        }

        public static class Scoring{{i:00}}
        {
            private const uint Bonus = {{i + 3}};

            public static uint Score(byte[] board, uint moves)
            {
                var marks = (uint)Arithmetic.CountEqual(board, 1) + (uint)Arithmetic.CountEqual(board, 2);
                var weight = Weight(board);
                return marks * Bonus + weight + Penalty(moves);
            }

            private static uint Weight(byte[] board)
            {
                uint weight = 0;
                for (var i = 0; i < board.Length; i++)
                {
                    weight += (uint)(board[i] * (i % 3 + 1));
                }
                return weight + Arithmetic.Sum(board);
            }

            private static uint Penalty(uint moves) => moves > Bonus ? moves - Bonus : 0;
        }

        public sealed class History{{i:00}}
        {
            private readonly List<byte> cells = new();

            public int Count => cells.Count;

            public void Add(byte cell) => cells.Add(cell);

            public byte Last() => cells.Count == 0 ? (byte)0 : cells[cells.Count - 1];

            public IReadOnlyList<byte> Cells => cells;

            public bool Contains(byte cell)
            {
                foreach (var c in cells)
                {
                    if (c == cell)
                    {
                        return true;
                    }
                }
                return false;
            }

            public ulong Fingerprint()
            {
                ulong value = 17;
                foreach (var c in cells)
                {
                    value = unchecked(value * 31 + c);
                }
                return value;
            }
        }
        """;

    public static string Describe(int lines) => lines.ToString(CultureInfo.InvariantCulture);
}
