using Parley.Generators.Tests.Infrastructure;
using Parley.TestSupport;

namespace Parley.Generators.Tests;

/// <summary>
/// Constructs the examples do not use — overloads whose Solidity parameter types coincide, names that clash with
/// Solidity keywords, struct names or non-ASCII letters, nested structs, struct-array members updated in place,
/// switch statements without default, continue/break in loops, early returns, patterns — generate Solidity that
/// solc 0.8.37 compiles with no warning.
/// </summary>
public sealed class SolidityCompilationTests
{
    internal const string Source = """
        public enum Mode : byte { Off, On }
        public struct Inner { public byte X; public bool Flag; }
        public struct Outer { public Inner In; public UInt256 Amount; }

        [StateMachine(Participants = 3)]
        public partial class Edge
        {
            [FixedLength(3)] public Outer[] Items = new Outer[3];
            public Outer Last;
            public Mode Mode;
            public int Count;
            public long address;

            [Action]
            public void Touch(byte index, Mode mode, int from)
            {
                Require(index < 3, "index");
                Items[index].In.X += 1;
                Items[index].Amount += (UInt256)(ulong)index;
                Outer Outer = Items[index];
                Outer.In.Flag = !Outer.In.Flag;
                Last = Outer;
                int größe = F(mode) + F((byte)mode);
                switch (größe)
                {
                    case 0:
                        Count++;
                        break;
                    case 1 or 2:
                        Count--;
                        break;
                }
                address = Sum(from);
                Mode = mode is not Mode.Off ? Mode.On : Mode.Off;
                Last = index == 0 ? Items[0] : default;
            }

            private static int F(Mode mode) => mode == Mode.On ? 1 : 0;

            private static int F(byte value) => value > 1 ? 2 : 0;

            private long Sum(int from)
            {
                long total = 0;
                for (int i = 0; i < 10; i++)
                {
                    if (i < from)
                    {
                        continue;
                    }
                    if (i == 8)
                    {
                        break;
                    }
                    total += i;
                }
                foreach (Outer item in Items)
                {
                    if (item.In.Flag)
                    {
                        return total;
                    }
                    total -= item.In.X;
                }
                return total * 2;
            }

            public bool IsFinal => Count > 100 || Count < -100;

            public int NextMover(ulong turnNum) => Mode == Mode.On ? 2 : (int)(turnNum % 2);
        }
        """;

    [Fact]
    public async Task Edge_constructs_compile_with_solc_without_warnings()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));
        Assert.Empty(result.Diagnostics);
        Assert.Equal(string.Empty, GeneratorHarness.Problems(output));
        var carrier = result.GeneratedSources.Single(s => s.HintName.EndsWith(".sol.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        const string begin = "#if PARLEY_SOLIDITY_SOURCE\n";
        var solidity = carrier[(carrier.IndexOf(begin, StringComparison.Ordinal) + begin.Length)..carrier.LastIndexOf("#endif", StringComparison.Ordinal)];
        Assert.Contains("function m_F(", solidity, StringComparison.Ordinal);
        Assert.Contains("function m_F_1(", solidity, StringComparison.Ordinal);
        Assert.Contains("gr_u00f6_u00dfe", solidity, StringComparison.Ordinal);
        var artifacts = await Solc.CompileAsync(new Dictionary<string, string> { ["EdgeApp.sol"] = solidity });
        Assert.True(artifacts["EdgeApp"].IsDeployable);
    }
}
