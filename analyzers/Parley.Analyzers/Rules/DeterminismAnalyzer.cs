using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// Base of every Parley determinism analyzer (one per rule family): skips generated code, runs concurrently, and
/// registers the family's actions once per compilation that can see <c>Parley.StateMachineAttribute</c>, with the
/// compilation's shared <see cref="StateMachineScope"/> (known symbols resolved once, reachability computed once).
/// </summary>
/// <remarks>
/// Actions fire for all code of the compilation; each first applies its cheap syntactic or symbolic test, and only
/// a candidate violation asks the scope whether state machine code reaches it. Diagnostics are reported where the
/// offending syntax is, during the analysis of its own file, so they appear live in an editor as well as in builds.
/// </remarks>
public abstract class DeterminismAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Configures the analyzer and registers the rule family's actions at the start of each compilation.</summary>
    /// <param name="context">The analysis context the compiler passes.</param>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (StateMachineScope.For(start.Compilation) is { } scope)
            {
                Register(start, scope);
            }
        });
    }

    /// <summary>Registers the rule family's actions for one compilation.</summary>
    private protected abstract void Register(CompilationStartAnalysisContext context, StateMachineScope scope);
}
