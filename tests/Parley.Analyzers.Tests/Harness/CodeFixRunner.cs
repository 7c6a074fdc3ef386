using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Parley.Analyzers.Tests.Harness;

/// <summary>
/// Applies a code fix the way an editor does: a document in an <see cref="AdhocWorkspace"/>, the diagnostics from
/// <see cref="CompilationWithAnalyzers"/>, the provider's registered action, its operations applied to the solution.
/// </summary>
public static class CodeFixRunner
{
    /// <summary>
    /// Fixes the diagnostic of <paramref name="id"/> marked in <paramref name="markup"/> (exactly one marker) and returns
    /// the fixed source. Fails when the marked diagnostic is not reported or the provider offers no fix for it.
    /// </summary>
    public static async Task<string> FixAsync(CodeFixProvider provider, string markup, string id, bool checkOverflow = false)
    {
        var (source, expected) = Markup.Parse(markup);
        var target = Assert.Single(expected, e => e.Id == id);

        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "Test", "TestAssembly", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, checkOverflow: checkOverflow, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: TestCompilation.ParseOptions,
                metadataReferences: TestCompilation.References));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution
            .AddDocument(documentId, "Game.cs", SourceText.From(source))
            .AddDocument(DocumentId.CreateNewId(projectId), "ParleyStubs.cs", SourceText.From(TestCompilation.ParleyStubs));
        var document = solution.GetDocument(documentId)!;

        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await AnalyzerRunner.RunAsync(compilation);
        var diagnostic = diagnostics.SingleOrDefault(d => d.Id == id && d.Location.SourceSpan == target.Span)
            ?? throw new InvalidOperationException($"No {id} at {target.Span}; reported:\n" + string.Join("\n", diagnostics.Select(AnalyzerRunner.Describe)));

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        return (await changed.GetDocument(documentId)!.GetTextAsync()).ToString();
    }

    /// <summary>Whether the provider offers any fix for the marked diagnostic.</summary>
    public static async Task<bool> OffersFixAsync(CodeFixProvider provider, string markup, string id)
    {
        try
        {
            await FixAsync(provider, markup, id);
            return true;
        }
        catch (Xunit.Sdk.SingleException)
        {
            return false;
        }
    }

    /// <summary>
    /// Compiles the source with the Parley stubs, loads it in a collectible context and returns what
    /// <c>Demo.Probe.Run()</c> returns (or the exception type's name when it throws).
    /// </summary>
    public static string Run(string source, bool checkOverflow = false)
    {
        var compilation = TestCompilation.Create([("Game.cs", source)], checkOverflow);
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("Does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        stream.Position = 0;
        var context = new AssemblyLoadContext("probe", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var run = assembly.GetType("Demo.Probe")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            try
            {
                return (string)run.Invoke(null, null)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                return e.InnerException.GetType().Name;
            }
        }
        finally
        {
            context.Unload();
        }
    }
}
