using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace Parley.Generators.Tests.Infrastructure;

/// <summary>
/// Test sources with expected diagnostics marked inline as <c>{|PARLEY110:offending code|}</c>: <see cref="Parse"/>
/// strips the markers and returns the clean text and each expected (id, span).
/// </summary>
internal static partial class Markup
{
    public static (string Text, IReadOnlyList<(string Id, TextSpan Span)> Expected) Parse(string markup)
    {
        var text = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var match = OpenMarker().Match(markup, i);
                open.Push((match.Groups[1].Value, text.Length));
                i += match.Length - 1;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}')
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, text.Length)));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }
        return (text.ToString(), expected);
    }

    [GeneratedRegex(@"\G\{\|(PARLEY\d{3}):")]
    private static partial Regex OpenMarker();
}
