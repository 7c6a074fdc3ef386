using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace Parley.Analyzers.Tests.Harness;

/// <summary>Asserts that the analyzers report exactly the diagnostics marked in the sources, at exactly those spans.</summary>
public static class Verify
{
    /// <summary>Verifies marked sources (path, markup); returns the diagnostics for further checks of their messages.</summary>
    public static Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(params (string Path, string Markup)[] files) =>
        DiagnosticsAsync(checkOverflow: false, files);

    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(bool checkOverflow, params (string Path, string Markup)[] files)
    {
        var parsed = files.Select(f => (f.Path, Parsed: Markup.Parse(f.Markup))).ToList();
        var compilation = TestCompilation.Create(parsed.Select(p => (p.Path, p.Parsed.Source)), checkOverflow);
        var diagnostics = await AnalyzerRunner.RunAsync(compilation);

        var expected = parsed
            .SelectMany(p => p.Parsed.Expected.Select(e => (e.Id, p.Path, e.Span)))
            .OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Span.Start).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        var actual = diagnostics
            .Select(d => (d.Id, Path: d.Location.SourceTree?.FilePath ?? "", Span: d.Location.SourceSpan))
            .ToList();
        if (!expected.SequenceEqual(actual))
        {
            var sources = parsed.ToDictionary(p => p.Path, p => p.Parsed.Source);
            string Show((string Id, string Path, Microsoft.CodeAnalysis.Text.TextSpan Span) d) =>
                $"  {d.Id} {d.Path} [{sources[d.Path].Substring(d.Span.Start, d.Span.Length)}] at {d.Span}";
            throw new XunitException(
                "Diagnostics differ.\nExpected:\n" + string.Join("\n", expected.Select(Show))
                + "\nActual:\n" + string.Join("\n", diagnostics.Select(d => "  " + AnalyzerRunner.Describe(d))));
        }
        return diagnostics;
    }
}
