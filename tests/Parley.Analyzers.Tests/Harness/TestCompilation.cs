using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Parley.Analyzers.Tests.Harness;

/// <summary>
/// Builds C# compilations of test sources against the running runtime's assemblies and a small in-test definition of
/// Parley's state machine attributes, <c>ActionRejectedException</c> and <c>Require</c>.
/// </summary>
public static class TestCompilation
{
    /// <summary>Parley's state machine surface as the analyzers see it (they match these by metadata name).</summary>
    public const string ParleyStubs = """
        namespace Parley
        {
            [System.AttributeUsage(System.AttributeTargets.Class)]
            public sealed class StateMachineAttribute : System.Attribute { public string? Name { get; set; } }

            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class ActionAttribute : System.Attribute { public string? Name { get; set; } }

            public sealed class ActionRejectedException : System.Exception
            {
                public ActionRejectedException(string reason) : base(reason) { }
            }

            public static class Requirements
            {
                public static void Require(bool condition, string reason)
                {
                    if (!condition) throw new ActionRejectedException(reason);
                }
            }
        }
        """;

    /// <summary>The usings every composed test source starts with.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Diagnostics;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Parley;
        using static Parley.Requirements;

        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework assemblies of the running runtime.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    /// <summary>Creates a library compilation of the sources (path, text), plus <see cref="ParleyStubs"/> when asked.</summary>
    public static CSharpCompilation Create(
        IEnumerable<(string Path, string Text)> sources,
        bool checkOverflow = false,
        bool withParleyStubs = true,
        IEnumerable<MetadataReference>? extraReferences = null)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)).ToList();
        if (withParleyStubs)
        {
            trees.Add(CSharpSyntaxTree.ParseText(ParleyStubs, ParseOptions, "ParleyStubs.cs"));
        }
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            checkOverflow: checkOverflow,
            allowUnsafe: true,
            nullableContextOptions: NullableContextOptions.Enable);
        return CSharpCompilation.Create("TestAssembly", trees, References.AddRange(extraReferences ?? []), options);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return paths
            .Where(p => Path.GetFileName(p) is var name
                && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll" or "Microsoft.CSharp.dll"
                    || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
