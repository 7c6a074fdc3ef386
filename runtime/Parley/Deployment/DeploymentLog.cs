using Microsoft.Extensions.Logging;

namespace Parley.Deployment;

/// <summary>The dev chain's log messages (event ids 800–899), with structured fields.</summary>
internal static partial class DeploymentLog
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "App {Name}: using the build-time artifact {Path} (no solc run)")]
    public static partial void UsingBuildArtifact(ILogger logger, string name, string? path);

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "App {Name}: compiled at run time with solc-js from {Toolchain} (no matching build-time artifact)")]
    public static partial void CompiledAtRunTime(ILogger logger, string name, string? toolchain);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "App {Name}: ignored build-time artifact {Skipped}")]
    public static partial void SkippedArtifact(ILogger logger, string name, string skipped);

    [LoggerMessage(EventId = 803, Level = LogLevel.Information, Message = "App {Name} deployed at {Address} ({Gas} gas)")]
    public static partial void Deployed(ILogger logger, string name, Address address, ulong gas);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "Embedded anvil {Path} started at {RpcUrl}")]
    public static partial void AnvilStarted(ILogger logger, string path, Uri rpcUrl);
}
