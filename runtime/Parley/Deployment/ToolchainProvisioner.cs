using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Parley.Deployment;

/// <summary>
/// Installs the pinned toolchain into a per-user folder with one <c>npm install</c> (see <see cref="DevToolchain"/>).
/// </summary>
/// <remarks>
/// The protocol, shared with <c>contracts/tools/parley-toolchain.mjs</c> (the build's copy of it):
/// <list type="number">
/// <item>a complete folder holds <see cref="DevToolchain.MarkerFileName"/>, the anvil binary and <c>solc/package.json</c>;</item>
/// <item>the lock is <c>&lt;folder&gt;.lock</c>, created with exclusive create (<c>O_EXCL</c>), holding the owner's PID and
/// host name on two lines; a lock whose process is gone (same host) or older than the time-out is removed and retaken;</item>
/// <item>the owner re-checks completeness, installs into <c>.&lt;name&gt;.tmp-&lt;pid&gt;-&lt;random&gt;</c> beside the
/// folder, writes the marker last and renames the temporary folder into place; a rename that loses a race to a complete
/// folder is not an error.</item>
/// </list>
/// </remarks>
internal static class ToolchainProvisioner
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether <paramref name="directory"/> is a complete provisioned toolchain.</summary>
    public static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, DevToolchain.MarkerFileName))
        && File.Exists(Path.Combine(directory, DevToolchain.AnvilRelativePath))
        && File.Exists(Path.Combine(directory, "node_modules", DevToolchain.SolcPackage, "package.json"));

    /// <summary>See <see cref="DevToolchain.Provision"/>.</summary>
    public static string Provision(string target, DevToolchainOptions options)
    {
        if (IsComplete(target))
        {
            return target;
        }
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"{target} has no parent folder.", nameof(target));
        Directory.CreateDirectory(parent);
        using var held = AcquireLock(target + ".lock", options.ProvisionTimeout, () => IsComplete(target));
        if (held is null || IsComplete(target))
        {
            return target; // another process finished the install while we waited
        }
        var temporary = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            Directory.CreateDirectory(temporary);
            RunNpm(temporary, options);
            if (!File.Exists(Path.Combine(temporary, DevToolchain.AnvilRelativePath))
                || !File.Exists(Path.Combine(temporary, "node_modules", DevToolchain.SolcPackage, "package.json")))
            {
                throw new ToolchainProvisioningException(
                    $"npm install into {temporary} succeeded but left no {DevToolchain.AnvilRelativePath} or node_modules/solc: is {DevToolchain.AnvilPackage} published for this platform?");
            }
            var marker = new JsonObject
            {
                ["anvil"] = DevToolchain.AnvilVersion,
                ["solc"] = DevToolchain.SolcVersion,
                ["packages"] = new JsonArray([.. DevToolchain.PinnedPackages.Select(p => (JsonNode)p)]),
                ["installedBy"] = "Parley.Deployment.DevToolchain",
                ["installedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            File.WriteAllText(Path.Combine(temporary, DevToolchain.MarkerFileName), marker.ToJsonString() + "\n");
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true); // an incomplete leftover; we hold the lock
            }
            try
            {
                Directory.Move(temporary, target);
            }
            catch (IOException) when (IsComplete(target))
            {
                // A process that ignored the lock (taken over as stale) won the rename: its folder is as good as ours.
            }
            return target;
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                TryDelete(temporary);
            }
        }
    }

    /// <summary>Takes the lock, or returns null as soon as <paramref name="done"/> holds while waiting for it.</summary>
    private static LockFile? AcquireLock(string path, TimeSpan timeout, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (;;)
        {
            if (done())
            {
                return null;
            }
            try
            {
                var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                var owner = Encoding.UTF8.GetBytes($"{Environment.ProcessId}\n{Environment.MachineName}\n");
                stream.Write(owner);
                stream.Flush();
                return new LockFile(path, stream);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (IsStale(path, timeout))
                {
                    TryDelete(path);
                    continue;
                }
            }
            catch (IOException e)
            {
                // Released between our attempt and the check (retry), or a lasting failure (reported at the deadline).
                if (DateTime.UtcNow > deadline)
                {
                    throw new ToolchainProvisioningException($"Cannot create the toolchain install lock {path}: {e.Message}", innerException: e);
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new ToolchainProvisioningException(
                    $"Timed out after {timeout} waiting for another process's toolchain install (lock {path}); remove the lock file if no install is running.");
            }
            Thread.Sleep(PollInterval);
        }
    }

    private static bool IsStale(string path, TimeSpan timeout)
    {
        try
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > timeout)
            {
                return true;
            }
            var lines = File.ReadAllLines(path);
            if (lines.Length >= 2 && lines[1] == Environment.MachineName && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    using var owner = Process.GetProcessById(pid);
                    return owner.HasExited;
                }
                catch (ArgumentException)
                {
                    return true; // no such process
                }
            }
            return false; // being written, or another host's: wait for it (or for the time-out)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void RunNpm(string prefix, DevToolchainOptions options)
    {
        var arguments = new List<string> { "install", "--prefix", prefix, "--no-audit", "--no-fund" };
        arguments.AddRange(DevToolchain.PinnedPackages);
        var psi = OperatingSystem.IsWindows() && !Path.HasExtension(options.NpmExecutable)
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", options.NpmExecutable } }
            : new ProcessStartInfo(options.NpmExecutable);
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.WorkingDirectory = prefix;
        psi.Environment["npm_config_update_notifier"] = "false";
        var command = $"{options.NpmExecutable} {string.Join(' ', arguments)}";
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new ToolchainProvisioningException($"{options.NpmExecutable} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new ToolchainProvisioningException(
                $"Cannot run `{command}` to install Parley's dev toolchain: {e.Message}. Install Node.js (which brings npm), or install the packages yourself "
                + $"and set {DevToolchain.ToolchainEnvironmentVariable}, or set {AnvilLocator.EnvironmentVariable}.", innerException: e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(options.ProvisionTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new ToolchainProvisioningException($"`{command}` did not finish within {options.ProvisionTimeout}; it was stopped.",
                    standardErrorTail: Tail(stderr.Result));
            }
            process.WaitForExit(); // drains the redirected streams
            _ = stdout.Result;
            if (process.ExitCode != 0)
            {
                var tail = Tail(stderr.Result);
                throw new ToolchainProvisioningException(
                    $"`{command}` exited with code {process.ExitCode} (is the npm registry reachable?):\n{tail}", process.ExitCode, tail);
            }
        }
    }

    private static string Tail(string text)
    {
        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 20)));
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; the next provisioning run (or the user) removes it.
        }
    }

    private sealed class LockFile(string path, FileStream stream) : IDisposable
    {
        public void Dispose()
        {
            stream.Dispose();
            TryDelete(path);
        }
    }
}
