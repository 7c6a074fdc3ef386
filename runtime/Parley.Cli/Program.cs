using System.CommandLine;
using Parley.Cli;
using Parley.Cli.Commands;

// parley: one command tree; every failure is one "error: …" line on stderr and a non-zero exit code (docs/cli.md).
var root = new RootCommand("Parley: Ethereum state channels — embedded dev chain, participant node, channel commands.")
{
    DevChainCommand.Create(),
    NodeCommand.Create(),
    ChannelCommands.Create(),
};
return await CliRunner.RunAsync(root, args);
