namespace Parley.Generators.Model;

/// <summary>A state field (or a field of a nested struct): its name and type, in declaration order.</summary>
internal sealed record FieldModel(string Name, string SolidityName, TypeModel Type);

/// <summary>A nested struct used by the state: its C# and Solidity names and fields.</summary>
internal sealed record StructModel(string CSharpName, string SolidityName, EquatableArray<FieldModel> Fields, bool HasArrays);

/// <summary>An action parameter.</summary>
internal sealed record ParameterModel(string Name, string SolidityName, TypeModel Type);

/// <summary>An <c>[Action]</c> method: names, canonical signature and selector, parameters.</summary>
internal sealed record ActionModel(
    string MethodName,
    string AbiName,
    string Signature,
    uint Selector,
    EquatableArray<ParameterModel> Parameters,
    string SolidityFunction);

/// <summary>One translated Solidity function (a rule method, helper method or computed property).</summary>
internal sealed record SolidityFunctionModel(string Name, string Text);

/// <summary>
/// Everything the emitters need to write one state machine's C# partial class and Solidity contract. Built by the
/// parser from symbols and operations; holds only strings, numbers and equatable arrays (no symbols, no syntax).
/// </summary>
/// <remarks>
/// <see cref="CanEmitCSharp"/>: the shape, state fields, actions and hooks are valid, so the C# side (codec,
/// <c>Definition</c>, <c>Actions</c>…) can be generated even when rules cannot be translated.
/// <see cref="IsTranslated"/>: every rule was translated to Solidity (no diagnostic, and no construct left to the
/// determinism analyzers); otherwise the contract is the undeployable placeholder of
/// <c>SolidityEmitter.EmitUntranslated</c>.
/// </remarks>
internal sealed record StateMachineModel(
    string Namespace,
    string ClassName,
    string HintName,
    string Accessibility,
    bool AddBaseClass,
    bool CanEmitCSharp,
    bool IsTranslated,
    string Id,
    string ContractName,
    int Participants,
    EquatableArray<FieldModel> Fields,
    EquatableArray<StructModel> Structs,
    EquatableArray<ActionModel> Actions,
    EquatableArray<SolidityFunctionModel> Functions,
    EquatableArray<string> Helpers,
    string? IsFinalMember,
    bool IsFinalIsProperty,
    string? IsFinalFunction,
    string? NextMoverFunction,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The size of <c>appData</c> in 32-byte words (all fields are static).</summary>
    public int StateWords
    {
        get
        {
            var words = 0;
            foreach (var f in Fields)
            {
                words += f.Type.Words;
            }
            return words;
        }
    }
}
