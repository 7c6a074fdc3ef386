using System.CommandLine;
using System.CommandLine.Help;
using Parley.Cli;
using Parley.Cli.Commands;

// parley: one command tree; every failure is one "error: …" line on stderr and a non-zero exit code (docs/cli.md).
// A Command named "parley" rather than a RootCommand, whose name would be the entry assembly's (Parley.Cli) in help and
// errors, also when run as the installed .NET tool.
var root = new Command("parley", "Parley: Ethereum state channels — embedded dev chain, participant node, channel commands.")
{
    new HelpOption(),
    new VersionOption(),
    DevChainCommand.Create(),
    NodeCommand.Create(),
    ChannelCommands.Create(),
};
return await CliRunner.RunAsync(root, args);
