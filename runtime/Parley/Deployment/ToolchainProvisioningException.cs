namespace Parley.Deployment;

/// <summary>
/// Provisioning Parley's dev toolchain (<see cref="DevToolchain.Provision"/>) failed: npm is missing, the install exited
/// non-zero or timed out, it left the expected files missing, or another process held the install lock too long.
/// </summary>
public sealed class ToolchainProvisioningException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    /// <param name="exitCode">npm's exit code, when it ran to completion.</param>
    /// <param name="standardErrorTail">The last lines npm wrote to standard error, when it ran.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ToolchainProvisioningException(string message, int? exitCode = null, string? standardErrorTail = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        StandardErrorTail = standardErrorTail;
    }

    /// <summary>npm's exit code; null when it did not run to completion (missing, timed out) or was not the problem.</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines (at most 20) of npm's standard error; null when it did not run.</summary>
    public string? StandardErrorTail { get; }
}
