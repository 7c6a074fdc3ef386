using System.Globalization;
using Parley.Analyzers.CodeFixes;
using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.CodeFixes;

/// <summary>
/// The ordinal/invariant fix removes PARLEY011, and the fixed code gives the same result as the original under the
/// invariant culture — and keeps giving it under a culture that formats, compares and cases differently (tr-TR, with
/// its dotted and dotless i, and de-DE, with its decimal comma), where the original changes.
/// </summary>
public sealed class CultureCodeFixTests
{
    private static string Program(string expression) => TestCompilation.Usings + $$"""
        namespace Demo;

        [StateMachine]
        public partial class Game
        {
            public string Result = "";

            [Action]
            public void Play(int cell)
            {
                var name = "iota";
                var other = "Iota";
                var amount = -1234;
                var names = new List<string> { "b", "a", "B", "ä", "z" };
                Result = Describe({{expression}});
            }

            private static string Describe(object? value) => value switch
            {
                IEnumerable<string> list => string.Join("|", list),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
            };
        }

        public static class Probe
        {
            public static string Run()
            {
                var game = new Game();
                game.Play(-7);
                return game.Result;
            }
        }
        """;

    /// <summary>
    /// Formatting, parsing and casing fixes: the fixed code gives, under every culture, what the original gave under
    /// the invariant culture (third column null). Comparison and ordering fixes choose ordinal semantics on purpose
    /// (the invariant culture still collates linguistically, by the installed ICU version): the fixed code gives the
    /// ordinal result in the third column, under every culture.
    /// </summary>
    public static TheoryData<string, string, string?> Cases() => new()
    {
        { "{|PARLEY011:amount.ToString()|}", "amount.ToString(CultureInfo.InvariantCulture)", null },
        { "{|PARLEY011:amount.ToString(\"N0\")|}", "amount.ToString(\"N0\", CultureInfo.InvariantCulture)", null },
        { "{|PARLEY011:int.Parse(\"-42\")|}", "int.Parse(\"-42\", CultureInfo.InvariantCulture)", null },
        { "{|PARLEY011:string.Format(\"{0:N0}\", amount)|}", "string.Format(CultureInfo.InvariantCulture, \"{0:N0}\", amount)", null },
        { "{|PARLEY011:name.ToUpper()|}", "name.ToUpperInvariant()", null },
        { "{|PARLEY011:other.ToLower(CultureInfo.CurrentCulture)|}", "other.ToLowerInvariant()", null },
        { "{|PARLEY011:char.ToUpper('i')|}", "char.ToUpperInvariant('i')", null },
        { "{|PARLEY011:$\"{name}: {amount:N0}\"|}", "string.Create(CultureInfo.InvariantCulture, $\"{name}: {amount:N0}\")", null },
        { "\"amount \" + {|PARLEY011:amount|}", "\"amount \" + amount.ToString(CultureInfo.InvariantCulture)", null },
        { "{|PARLEY011:CultureInfo.CurrentCulture|}.Name", "CultureInfo.InvariantCulture.Name", null },
        { "{|PARLEY011:string.Compare(name, other)|}", "string.Compare(name, other, StringComparison.Ordinal)", "32" },
        { "{|PARLEY011:string.Compare(name, other, true)|}", "string.Compare(name, other, StringComparison.OrdinalIgnoreCase)", "0" },
        { "{|PARLEY011:name.StartsWith(\"IO\")|}", "name.StartsWith(\"IO\", StringComparison.Ordinal)", "False" },
        { "{|PARLEY011:name.IndexOf(\"o\")|}", "name.IndexOf(\"o\", StringComparison.Ordinal)", "1" },
        { "{|PARLEY011:name.CompareTo(other)|}", "string.CompareOrdinal(name, other)", "32" },
        { "{|PARLEY011:names.OrderBy(n => n)|}.ToList()", "names.OrderBy(n => n, StringComparer.Ordinal).ToList()", "B|a|b|z|ä" },
        { "{|PARLEY011:new SortedSet<string>(names)|}", "new SortedSet<string>(names, StringComparer.Ordinal)", "B|a|b|z|ä" },
        { "string.Equals(name, other, {|PARLEY011:StringComparison.CurrentCultureIgnoreCase|})", "string.Equals(name, other, StringComparison.OrdinalIgnoreCase)", "True" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Uses_the_ordinal_or_invariant_form(string before, string after, string? ordinalResult)
    {
        var fixedSource = await CodeFixRunner.FixAsync(new CultureCodeFix(), Program(before), "PARLEY011");

        var expected = Markup.Parse(Program(after)).Source;
        Assert.Equal(CheckedArithmeticCodeFixTests.Normalize(expected), CheckedArithmeticCodeFixTests.Normalize(fixedSource));
        var diagnostics = await AnalyzerRunner.RunAsync(TestCompilation.Create([("Game.cs", fixedSource)]));
        Assert.DoesNotContain(diagnostics, d => d.Id == "PARLEY011");

        var reference = ordinalResult ?? InCulture(CultureInfo.InvariantCulture, () => CodeFixRunner.Run(Markup.Parse(Program(before)).Source));
        foreach (var culture in new[] { CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("tr-TR"), CultureInfo.GetCultureInfo("de-DE"), CultureInfo.GetCultureInfo("sv-SE") })
        {
            Assert.Equal(reference, InCulture(culture, () => CodeFixRunner.Run(fixedSource)));
        }
    }

    [Theory]
    [InlineData("amount.ToString(\"N0\")", "de-DE")]
    [InlineData("name.ToUpper()", "tr-TR")]
    [InlineData("string.Compare(\"iota\", \"IOTA\", true)", "tr-TR")]
    [InlineData("names.OrderBy(n => n)", "sv-SE")]
    public void The_originals_really_depend_on_the_culture(string expression, string culture)
    {
        var source = Markup.Parse(Program(expression)).Source;
        var invariant = InCulture(CultureInfo.InvariantCulture, () => CodeFixRunner.Run(source));
        var elsewhere = InCulture(CultureInfo.GetCultureInfo(culture), () => CodeFixRunner.Run(source));
        Assert.NotEqual(invariant, elsewhere);
    }

    [Fact]
    public async Task Adds_the_globalization_using_when_missing()
    {
        var source = """
            using System;
            using Parley;

            namespace Demo;

            [StateMachine]
            public partial class Game
            {
                public string Text = "";

                [Action]
                public void Play(int cell) => Text = {|PARLEY011:cell.ToString()|};
            }
            """;
        var fixedSource = await CodeFixRunner.FixAsync(new CultureCodeFix(), source, "PARLEY011");
        Assert.Contains("using System.Globalization;", fixedSource, StringComparison.Ordinal);
        Assert.Contains("Text = cell.ToString(CultureInfo.InvariantCulture);", fixedSource, StringComparison.Ordinal);
    }

    private static T InCulture<T>(CultureInfo culture, Func<T> action)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
