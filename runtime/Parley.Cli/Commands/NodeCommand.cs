using System.CommandLine;

namespace Parley.Cli.Commands;

/// <summary><c>parley node</c>: a participant with a local HTTP JSON API.</summary>
internal static class NodeCommand
{
    public static Command Create() => new("node", "Run a participant node (peer port, local HTTP JSON API).");
}
