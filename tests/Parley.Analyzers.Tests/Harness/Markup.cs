using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Parley.Analyzers.Tests.Harness;

/// <summary>An expected diagnostic: its ID and exact span in the cleaned source.</summary>
public sealed record ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Test-source markup: <c>{|PARLEY001:DateTime.Now|}</c> marks the exact span where a diagnostic with that ID is
/// expected. Markers nest (<c>{|PARLEY012:{|PARLEY003:x|} * 2|}</c>). <see cref="Parse"/> returns the source without
/// markers and the expected diagnostics.
/// </summary>
public static class Markup
{
    public static (string Source, IReadOnlyList<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(string Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"Marker at {i} has no ':' after its ID.");
                }
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
                continue;
            }
            if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i++;
                continue;
            }
            source.Append(markup[i]);
        }
        if (open.Count > 0)
        {
            throw new FormatException($"Unclosed marker for {open.Peek().Id}.");
        }
        return (source.ToString(), expected);
    }
}
