using System.CommandLine;

namespace Parley.Cli.Commands;

/// <summary><c>parley channel …</c>: thin clients of a node's HTTP JSON API.</summary>
internal static class ChannelCommands
{
    public static Command Create() => new("channel", "Open, act in, close, challenge and read channels through a node.");
}
