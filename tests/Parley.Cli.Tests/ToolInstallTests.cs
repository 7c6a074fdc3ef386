using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Xml.Linq;
using Parley.Chain;
using Parley.TestSupport;
using Xunit.Abstractions;

namespace Parley.Cli.Tests;

/// <summary>
/// <c>parley</c> as users get it: the CLI packed as a .NET tool (from this build's outputs, <c>dotnet pack --no-build</c>,
/// as <c>script/pack</c> packs it), installed with <c>dotnet tool install --tool-path</c> from that folder, then
/// <c>parley --help</c> and <c>parley devchain --port N</c> run from the installed shim, outside the repository, and
/// stopped by its PID. anvil comes from <c>PARLEY_ANVIL</c>; no solc is reachable (no repository, an empty
/// <c>PARLEY_HOME</c>, <c>PARLEY_NO_PROVISION=1</c>): the tic-tac-toe contract deploys from the build-time artifact the
/// package carries.
/// </summary>
public sealed class ToolInstallTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_cli_packs_as_a_dotnet_tool_installs_and_runs_devchain_on_a_given_port()
    {
        var root = Directory.CreateTempSubdirectory("parley-tool-test-").FullName;
        var version = "0.0.0-tooltest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var packages = Path.Combine(root, "packages");
        var tools = Path.Combine(root, "tools");
        try
        {
            string[] pack = ["pack", Path.Combine(RepoPaths.Root, "runtime", "Parley.Cli", "Parley.Cli.csproj"), "-c", Metadata("ParleyConfiguration")!, "--no-build",
                "-o", packages, $"-p:Version={version}", $"-p:NuspecOutputPath={Path.Combine(root, "nuspec")}{Path.DirectorySeparatorChar}", "--nologo"];
            if (Metadata("ParleyArtifactsPath") is { Length: > 0 } artifacts)
            {
                pack = [.. pack, "--artifacts-path", artifacts];
            }
            await RunToEndAsync("dotnet", pack, RepoPaths.Root);
            Assert.True(File.Exists(Path.Combine(packages, $"Parley.Cli.{version}.snupkg")), "symbols package");
            using (var package = ZipFile.OpenRead(Path.Combine(packages, $"Parley.Cli.{version}.nupkg")))
            {
                var nuspec = XDocument.Load(package.GetEntry("Parley.Cli.nuspec")!.Open()).Root!;
                string? Field(string name) => nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
                Assert.Equal("MIT", Field("license"));
                Assert.Equal("README.md", Field("readme"));
                Assert.NotNull(package.GetEntry("README.md"));
                Assert.False(string.IsNullOrWhiteSpace(Field("description")));
                Assert.Contains(nuspec.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
                Assert.Contains(nuspec.Descendants(), e => e.Name.LocalName == "repository" && ((string?)e.Attribute("url"))?.StartsWith("https://", StringComparison.Ordinal) == true);
                Assert.NotNull(package.GetEntry("tools/net10.0/any/solidity/Parley.Examples.TicTacToe.json"));   // tic-tac-toe's artifact
                var settings = XDocument.Load(package.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
                Assert.Contains(settings.Descendants(), e => e.Name.LocalName == "Command" && (string?)e.Attribute("Name") == "parley");
            }

            await RunToEndAsync("dotnet", ["tool", "install", "Parley.Cli", "--tool-path", tools, "--add-source", packages, "--version", version], root);
            var parley = Path.Combine(tools, "parley");

            var help = await RunToEndAsync(parley, ["--help"], root);
            Assert.Contains("parley [command] [options]", help);
            Assert.Contains("devchain", help);

            var port = FreePort();
            var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
            var environment = new Dictionary<string, string?>
            {
                ["PARLEY_ANVIL"] = RepoPaths.Anvil,
                ["PARLEY_REPOSITORY"] = null,
                ["PARLEY_TOOLCHAIN"] = null,
                ["PARLEY_HOME"] = home,
                ["PARLEY_NO_PROVISION"] = "1",
            };
            using var devchain = CliProcess.StartProgram(parley, ["devchain", "--port", port.ToString(CultureInfo.InvariantCulture)], root, environment);
            try
            {
                var rpc = await devchain.WaitForLineAsync(l => l.StartsWith("rpc ", StringComparison.Ordinal), StepLimit);
                Assert.Equal($"http://127.0.0.1:{port}/", rpc.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                using var client = new JsonRpcClient(new Uri($"http://127.0.0.1:{port}/"));
                Assert.Equal(31337UL, await client.ChainIdAsync());
                await devchain.WaitForLineAsync(l => l == "ready — Ctrl-C to stop", StepLimit);
                var app = Address.Parse(devchain.Stdout.Single(l => l.StartsWith("app ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                Assert.NotEmpty(await client.GetCodeAsync(app));
            }
            finally
            {
                devchain.Terminate();   // SIGTERM to the tool's own PID: it stops anvil (by anvil's PID) and exits
                await devchain.WaitForExitAsync(TimeSpan.FromSeconds(20));
                output.WriteLine(string.Join('\n', devchain.Stdout.Concat(devchain.Stderr)));
            }
            Assert.Equal(0, devchain.ExitCode);
            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));   // anvil is gone
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            // This run's version in the NuGet cache: nothing else will ever use it.
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var cached = Path.Combine(cache, "parley.cli", version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    private async Task<string> RunToEndAsync(string fileName, string[] args, string directory)
    {
        using var process = CliProcess.StartProgram(fileName, args, directory, new Dictionary<string, string?>());
        await process.WaitForExitAsync(StepLimit);
        var text = string.Join('\n', process.Stdout);
        output.WriteLine($"$ {fileName} {string.Join(' ', args)}\n{text}\n{string.Join('\n', process.Stderr)}");
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', args)} exited {process.ExitCode}: {string.Join(' ', process.Stderr)} {text}");
        return text;
    }

    private static string? Metadata(string key) =>
        typeof(ToolInstallTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
