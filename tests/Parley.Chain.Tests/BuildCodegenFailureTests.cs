using System.Diagnostics;
using System.Text;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public class BuildCodegenFailureTests
{
    [Fact]
    public async Task A_code_generation_failure_prints_solcs_diagnostic_instead_of_crashing()
    {
        var dir = Directory.CreateTempSubdirectory("parley-codegen-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "src"));
            // 40 parameters live at once next to assembly that is not memory-safe: via-IR cannot move variables to
            // memory, and code generation fails with "too deep in the stack" after analysis succeeded.
            const int n = 40;
            var parameters = string.Join(",", Enumerable.Range(1, n).Select(i => $"uint256 a{i}"));
            var sum = string.Join("+", Enumerable.Range(1, n).Select(i => $"a{i}*a{n + 1 - i}"));
            File.WriteAllText(Path.Combine(dir, "src", "Deep.sol"), $$"""
                // SPDX-License-Identifier: MIT
                pragma solidity ^0.8.28;
                contract Deep {
                    function f({{parameters}}) external pure returns (uint256 r) {
                        assembly { mstore(0, a1) }
                        r = {{sum}};
                        r = r + a1 + a{{n}};
                    }
                }
                """);
            var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(Path.Combine(RepoPaths.Root, "contracts", "tools", "build.mjs"));
            psi.ArgumentList.Add("--contracts");
            psi.ArgumentList.Add(dir);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = await p.StandardOutput.ReadToEndAsync();
            var output = new StringBuilder(stdout).Append(await stderr).ToString();
            await p.WaitForExitAsync();

            Assert.Equal(1, p.ExitCode);
            Assert.Contains("too deep in the stack", output);
            Assert.Contains(Path.Combine(dir, "src", "Deep.sol") + "(3,1): error", output);
            Assert.DoesNotContain("Cannot read properties", output);
            Assert.False(File.Exists(Path.Combine(dir, "out", "src", "Deep.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
