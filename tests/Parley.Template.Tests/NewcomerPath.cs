using System.Diagnostics;
using System.Globalization;
using Parley.TestSupport;

namespace Parley.Template.Tests;

/// <summary>
/// The newcomer's path in a temporary folder: the repository's packages packed into <c>packages/</c> with a version
/// unique to this run (so no stale Parley from an earlier run can come out of the machine's warm NuGet cache), the
/// template installed into a private template hive (<c>--debug:custom-hive</c>: the machine's template list is not
/// touched), then the commands a newcomer types. <see cref="DisposeAsync"/> uninstalls the template, deletes the folder
/// and removes this run's Parley version from the NuGet cache.
/// </summary>
/// <remarks>
/// <para><b>Where anvil and solc come from.</b> Exactly as for a user: the project lives outside the repository (no
/// <c>node_modules</c> above it), no <c>PARLEY_*</c> variable is inherited (<see cref="DotnetCommand"/>), and Parley's
/// per-user folder is <see cref="Home"/> — a fresh, empty <c>PARLEY_HOME</c> in this run's folder instead of
/// <c>~/.parley</c>. So the first <c>dotnet build</c> provisions the pinned toolchain there with npm (the same
/// <c>npm install</c> a user's first build or run does; from the npm cache that <c>script/bootstrap</c>'s <c>npm ci</c>
/// of the same pinned packages filled, ≈ 4 s) and compiles the app contract at build time, and the run and the tests
/// use that toolchain. Pointing <c>PARLEY_TOOLCHAIN</c> at the repository's <c>node_modules</c> would be faster but
/// would skip the one step a user's machine needs most; sharing <c>~/.parley</c> would make every run but the first
/// skip it too, and let a damaged per-user folder fail the test for a reason that is not this run's. The private home
/// proves the first-run install on every run and needs nothing but the npm registry (or its cache), which CI has.</para>
/// </remarks>
public sealed class NewcomerPath : IAsyncDisposable
{
    public const string ProjectName = "Probe";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    private readonly Action<string> _log;
    private bool _installed;

    public NewcomerPath(Action<string> log)
    {
        _log = log;
        Root = Path.Combine(Path.GetTempPath(), "parley-newcomer-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Version = "0.1.0-newcomer." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The temporary folder.</summary>
    public string Root { get; }

    /// <summary>The version of this run's packages.</summary>
    public string Version { get; }

    public string Packages => Path.Combine(Root, "packages");

    public string Hive => Path.Combine(Root, "template-hive");

    public string ProjectDirectory => Path.Combine(Root, ProjectName);

    public string TemplatePackage => Path.Combine(Packages, $"Parley.Templates.{Version}.nupkg");

    /// <summary>This run's Parley per-user folder (<c>PARLEY_HOME</c> of every command): empty until the first build provisions the toolchain.</summary>
    public string Home => Path.Combine(Root, "parley-home");

    /// <summary>The environment of every command: <c>PARLEY_HOME</c> = <see cref="Home"/>.</summary>
    public IReadOnlyDictionary<string, string> CommandEnvironment => new Dictionary<string, string> { ["PARLEY_HOME"] = Home };

    /// <summary>The built program, run directly (<c>dotnet bin/Debug/net10.0/Probe.dll</c>) rather than through <c>dotnet run</c>,
    /// so that a signal sent to the process reaches the program itself.</summary>
    public string ProgramAssembly => Path.Combine(ProjectDirectory, "bin", "Debug", "net10.0", ProjectName + ".dll");

    /// <summary><c>script/pack</c> into <see cref="Packages"/>, building in this folder's own artifacts path.</summary>
    public async Task<CommandResult> PackAsync()
    {
        var result = await RunAsync(RepoPaths.Root, "bash",
            [Path.Combine(RepoPaths.Root, "script", "pack"), "--output", Packages, "--version", Version, "--artifacts-path", Path.Combine(Root, "artifacts")],
            PackTimeout);
        return result;
    }

    public async Task<CommandResult> InstallAsync()
    {
        var result = await Dotnet(Root, ["new", "install", TemplatePackage, "--debug:custom-hive", Hive]);
        _installed |= result.ExitCode == 0;
        return result;
    }

    public Task<CommandResult> NewAsync() =>
        Dotnet(Root, ["new", "statechannel", "-n", ProjectName, "-o", ProjectDirectory, "--debug:custom-hive", Hive]);

    public Task<CommandResult> BuildAsync() => Dotnet(ProjectDirectory, ["build"]);

    public Task<CommandResult> RunAsync() => Dotnet(ProjectDirectory, ["run", "--no-build"]);

    /// <summary>Runs the built program directly with this run's environment plus <paramref name="environment"/>.</summary>
    /// <param name="dotnet">The dotnet executable (a full path when <c>PATH</c> is replaced).</param>
    /// <param name="environment">Variables to add or replace (e.g. <c>PATH</c>).</param>
    /// <param name="onLine">Called with each output line and the process.</param>
    public Task<CommandResult> RunProgramAsync(string dotnet, IReadOnlyDictionary<string, string>? environment = null, Action<string, Process>? onLine = null)
    {
        var variables = new Dictionary<string, string>(CommandEnvironment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }
        return RunAsync(ProjectDirectory, dotnet, [ProgramAssembly], StepTimeout, variables, onLine);
    }

    public Task<CommandResult> TestAsync() => Dotnet(ProjectDirectory, ["test", ProjectName + ".Tests"]);

    /// <summary>Any <c>dotnet</c> command in <paramref name="directory"/>, with this run's environment.</summary>
    public Task<CommandResult> DotnetAsync(string directory, string[] arguments) => Dotnet(directory, arguments);

    /// <summary>An installed tool's command, in the project folder, with this run's environment.</summary>
    public Task<CommandResult> RunToolAsync(string command, string[] arguments) => RunAsync(ProjectDirectory, command, arguments, StepTimeout, CommandEnvironment);

    private Task<CommandResult> Dotnet(string directory, string[] arguments) => RunAsync(directory, "dotnet", arguments, StepTimeout, CommandEnvironment);

    private async Task<CommandResult> RunAsync(string directory, string fileName, string[] arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, Action<string, Process>? onLine = null)
    {
        var result = await DotnetCommand.RunAsync(directory, fileName, arguments, timeout, environment, onLine);
        _log($"$ {result.Command}  → exit {result.ExitCode} in {result.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_installed)
        {
            var removed = await Dotnet(Root, ["new", "uninstall", "Parley.Templates", "--debug:custom-hive", Hive]);
            if (removed.ExitCode != 0)
            {
                _log(removed.ToString());
            }
        }
        TryDelete(Root);
        // This run's packages in the machine's NuGet cache: nothing else will ever use this version.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(cache, "parley", Version));
        TryDelete(Path.Combine(cache, "parley.templates", Version));
    }

    private void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException e)
        {
            _log($"could not delete {directory}: {e.Message}");
        }
    }

    /// <summary>Wall time of install → new → build → first successful run, after a pack (not timed). The run's
    /// <see cref="Home"/> is empty, so this includes the first-run toolchain install (npm, from a warm npm cache).</summary>
    public async Task<TimeSpan> MeasureAsync()
    {
        Require(await PackAsync());
        var clock = Stopwatch.StartNew();
        Require(await InstallAsync());
        Require(await NewAsync());
        Require(await Dotnet(ProjectDirectory, ["run"]));
        return clock.Elapsed;
    }

    private static void Require(CommandResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("Step failed:\n" + result);
        }
    }
}
