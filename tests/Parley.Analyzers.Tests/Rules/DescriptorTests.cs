using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

/// <summary>
/// Every determinism descriptor is an error in PARLEY001–PARLEY099 with a help link to its page under
/// docs/diagnostics (which exists and shows a bad and a good example) and an entry in AnalyzerReleases.Shipped.md, and
/// every analyzer reports only descriptors from <see cref="DiagnosticDescriptors.All"/>.
/// </summary>
public sealed class DescriptorTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            data.Add(descriptor.Id);
        }
        return data;
    }

    private static DiagnosticDescriptor Descriptor(string id) => DiagnosticDescriptors.All.Single(d => d.Id == id);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Is_a_determinism_error_in_range(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Matches("^PARLEY0(0[1-9]|[1-9][0-9])$", id);
        Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(DiagnosticDescriptors.Category, descriptor.Category);
        // The last message argument, in parentheses at the end, is the reach: "(reached from Game.Play → Scoring.Compute)".
        Assert.EndsWith("(" + LastPlaceholder(descriptor) + ")", descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_a_help_link_to_an_existing_page_with_a_bad_and_a_good_example(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Equal($"https://github.com/parley-dev/parley/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        var page = Path.Combine(Repo.Root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{page} does not exist.");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: ", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Bad", "## Good" })
        {
            var at = text.IndexOf(section + "\n", StringComparison.Ordinal);
            Assert.True(at >= 0, $"{id}.md has no '{section}' section.");
            Assert.StartsWith("```csharp\n", text[(at + section.Length + 1)..], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Is_listed_in_the_shipped_release(string id)
    {
        var shipped = File.ReadAllLines(Path.Combine(Repo.Root, "analyzers", "Parley.Analyzers", "AnalyzerReleases.Shipped.md"));
        var row = Assert.Single(shipped, l => l.StartsWith(id + " ", StringComparison.Ordinal));
        var cells = row.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal([id, DiagnosticDescriptors.Category, "Error"], cells[..3]);
    }

    [Fact]
    public void Every_analyzer_reports_only_listed_descriptors_and_every_descriptor_has_an_analyzer()
    {
        var supported = AnalyzerRunner.All.SelectMany(a => a.SupportedDiagnostics).ToList();
        Assert.All(supported, d => Assert.Contains(d, DiagnosticDescriptors.All));
        Assert.Equal(DiagnosticDescriptors.All.Length, supported.Select(d => d.Id).Distinct().Count());
        Assert.Equal(DiagnosticDescriptors.All.Length, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void The_readme_lists_every_rule()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "docs", "diagnostics", "README.md"));
        Assert.All(DiagnosticDescriptors.All, d => Assert.Contains($"[{d.Id}]({d.Id}.md)", readme, StringComparison.Ordinal));
    }

    private static string LastPlaceholder(DiagnosticDescriptor descriptor) =>
        "{" + (Regex.Matches(descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Max()).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
}
