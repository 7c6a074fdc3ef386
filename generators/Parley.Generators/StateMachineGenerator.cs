using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parley.Generators.Emitters;
using Parley.Generators.Model;
using Parley.Generators.Parsing;
using Parley.Generators.Translation;

namespace Parley.Generators;

/// <summary>
/// The <c>[StateMachine]</c> incremental generator. Pipeline: <c>ForAttributeWithMetadataName</c> finds the classes;
/// <see cref="StateMachineParser"/> turns each into an equatable <see cref="StateMachineModel"/> (translating the rules
/// to Solidity on the way and collecting <c>PARLEY1xx</c> diagnostics); the emitters write the C# partial class and the
/// Solidity contract from the model alone. Models hold no symbols or syntax, so an edit that does not change a model
/// reruns no emitter. A construct that is a determinism violation is left to Parley's analyzers (no PARLEY1xx for it);
/// when only the rules are untranslatable the C# side is still emitted, with an undeployable placeholder contract.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class StateMachineGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the model step (used by the incremental-caching tests).</summary>
    public const string ModelStep = "StateMachineModel";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownSymbols.StateMachineAttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (ctx, ct) => StateMachineParser.SafeParse(ctx, ct))
            .WithTrackingName(ModelStep);

        context.RegisterSourceOutput(models, static (spc, model) => Emit(spc, model));
    }

    private static void Emit(SourceProductionContext context, StateMachineModel model)
    {
        foreach (var diagnostic in model.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
        if (!model.CanEmitCSharp)
        {
            if (model.AddBaseClass)
            {
                context.AddSource(model.HintName + ".g.cs", CSharpEmitter.EmitBaseOnly(model));
            }
            return;
        }
        // When the rules are not translatable (errors reported above, or determinism violations the analyzers report),
        // the C# side is still emitted, so code using Definition/Actions compiles and the only errors are the real ones;
        // the contract is a placeholder that reverts on deployment. Its carrier is emitted too, so a .sol file written
        // by an earlier build (or a stale carrier) is replaced by the placeholder rather than left disagreeing with the C#.
        var solidity = model.IsTranslated ? SolidityEmitter.Emit(model) : SolidityEmitter.EmitUntranslated(model);
        context.AddSource(model.HintName + ".g.cs", CSharpEmitter.Emit(model, solidity));
        context.AddSource(model.HintName + ".sol.g.cs", CSharpEmitter.EmitSolidityCarrier(model, solidity));
    }
}
