using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY006: I/O and the environment — System.IO (files, streams, paths), System.Net (sockets, HTTP, DNS),
/// System.Data and Microsoft.Data (SQL Server, SQLite), Npgsql, the Azure SDKs (storage, tables, Cosmos DB),
/// configuration, Microsoft.Win32, logging and event tracing, <c>Console</c>, <c>Environment</c> (its tick counts are
/// PARLEY001's), <c>AppContext</c>, <c>AppDomain</c>, <c>GC</c>, processes, <c>Debug</c>, <c>Trace</c>,
/// <c>Debugger</c>, stack traces, <c>Activity</c>, <c>RuntimeInformation</c> and <c>OperatingSystem</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InputOutputAnalyzer : DeterminismAnalyzer
{
    private static readonly ApiTable Apis = new ApiTable()
        .Namespace("System.IO")
        .Namespace("System.Net")
        .Namespace("System.Data")
        .Namespace("Microsoft.Win32")
        .Namespace("Microsoft.Extensions.Logging")
        .Namespace("System.Diagnostics.Tracing")
        .Namespace("System.Configuration")
        .Namespace("Microsoft.Extensions.Configuration")
        .Namespace("Microsoft.Data")
        .Namespace("Npgsql")
        .Namespace("Azure")
        .Namespace("Microsoft.Azure")
        .Type("System.Console")
        .Type("System.Environment")
        .ExceptMembers("System.Environment", "TickCount", "TickCount64")
        .Type("System.AppContext")
        .Type("System.AppDomain")
        .Type("System.GC")
        .Type("System.OperatingSystem")
        .Type("System.Diagnostics.Process")
        .Type("System.Diagnostics.ProcessStartInfo")
        .Type("System.Diagnostics.Debug")
        .Type("System.Diagnostics.Trace")
        .Type("System.Diagnostics.Debugger")
        .Type("System.Diagnostics.StackTrace")
        .Type("System.Diagnostics.StackFrame")
        .Type("System.Diagnostics.Activity")
        .Type("System.Diagnostics.ActivitySource")
        .Type("System.Runtime.InteropServices.RuntimeInformation");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.InputOutput);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope) =>
        ApiUse.Register(context, scope, DiagnosticDescriptors.InputOutput, m => Apis.Matches(m, scope.Names), t => Apis.MatchesWholeType(t, scope.Names));
}
