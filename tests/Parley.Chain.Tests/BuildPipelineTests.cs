using System.Diagnostics;
using System.Text.Json;
using Parley.Contracts;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public class BuildPipelineTests
{
    private static string BuildScript => Path.Combine(RepoPaths.Root, "contracts", "tools", "build.mjs");

    [Fact]
    public void The_app_interface_is_embedded_in_Parley()
    {
        Assert.Contains("IParleyApp", ContractArtifact.EmbeddedNames);
        var app = ContractArtifact.Load("IParleyApp");
        Assert.Same(app, ContractArtifact.Load("IParleyApp"));
        Assert.Equal("src/IParleyApp.sol", app.SourceName);
        Assert.False(app.IsDeployable);
        Assert.Empty(app.Bytecode);
        Assert.StartsWith("0.8.37+", app.SolcVersion);
        var names = app.Abi.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "reduce", "nextMover", "isFinal" }, names);
        Assert.Contains("isFinal(bytes)", app.MethodIdentifiers.Keys);
    }

    [Fact]
    public void An_unknown_contract_name_lists_the_embedded_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => ContractArtifact.Load("NoSuchContract"));
        Assert.Contains("NoSuchContract", e.Message);
        Assert.Contains("IParleyApp", e.Message);
    }

    [Fact]
    public void Test_contracts_load_from_the_build_output()
    {
        var probe = TestContracts.Load("Eip712Probe");
        Assert.True(probe.IsDeployable);
        Assert.NotEmpty(probe.DeployedBytecode);
        Assert.Equal(SelectorOf("domainSeparator()"), probe.MethodIdentifiers["domainSeparator()"]);
        Assert.Contains("No test contract artifact", Assert.Throws<FileNotFoundException>(() => TestContracts.Load("Nope")).Message);
    }

    private static uint SelectorOf(string signature) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(Calldata.Selector(signature));

    [Fact]
    public void Malformed_artifacts_name_the_field()
    {
        Assert.Contains("\"abi\" is missing", Assert.Throws<InvalidDataException>(() =>
            ContractArtifact.Parse("""{"contractName":"A","sourceName":"a.sol","bytecode":"0x","deployedBytecode":"0x","solcVersion":"v"}""", "t")).Message);
        Assert.Contains("\"bytecode\" is not an even number", Assert.Throws<InvalidDataException>(() =>
            ContractArtifact.Parse("""{"contractName":"A","sourceName":"a.sol","abi":[],"bytecode":"0xabc","deployedBytecode":"0x","solcVersion":"v"}""", "t")).Message);
        Assert.Contains("unlinked library", Assert.Throws<InvalidDataException>(() =>
            ContractArtifact.Parse("""{"contractName":"A","sourceName":"a.sol","abi":[],"bytecode":"0x60__$abc$__","deployedBytecode":"0x","solcVersion":"v"}""", "t")).Message);
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => ContractArtifact.Parse("{", "t")).Message);
    }

    [Fact]
    public void Build_fails_on_a_warning_with_file_and_line_then_builds_incrementally()
    {
        var dir = Directory.CreateTempSubdirectory("parley-build-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "src"));
            Directory.CreateDirectory(Path.Combine(dir, "test"));
            var a = Path.Combine(dir, "src", "A.sol");
            File.WriteAllText(a, """
                // SPDX-License-Identifier: MIT
                pragma solidity ^0.8.28;
                // a comment — with non-ASCII — before the warning, and on its line: columns count characters
                /* — */ contract A { function f(uint256 x) external pure returns (uint256) { return 1; } }
                """);
            var (code, output) = RunBuild(dir);
            Assert.Equal(1, code);
            Assert.Contains($"{a}(4,33): error SOLC5667: Warning: Unused function parameter", output);
            Assert.False(Directory.Exists(Path.Combine(dir, "out", "src")) && Directory.GetFiles(Path.Combine(dir, "out", "src")).Length > 0);
            Assert.False(File.Exists(Path.Combine(dir, "out", ".build-stamp")));

            File.WriteAllText(a, """
                // SPDX-License-Identifier: MIT
                pragma solidity ^0.8.28;
                import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
                contract A { function f(bytes32 h, bytes calldata s) external pure returns (address) { return ECDSA.recover(h, s); } }
                contract B { }
                """);
            File.WriteAllText(Path.Combine(dir, "test", "T.sol"), "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract T { }\n");
            (code, output) = RunBuild(dir);
            Assert.True(code == 0, output);
            Assert.Contains("compiled 2 source files into 3 artifacts", output);
            var artifactA = ContractArtifact.FromFile(Path.Combine(dir, "out", "src", "A.json"));
            Assert.Equal("src/A.sol", artifactA.SourceName);
            Assert.True(artifactA.IsDeployable);
            using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "src", "A.json"))))
            {
                var settings = json.RootElement.GetProperty("settings");
                Assert.True(settings.GetProperty("optimizer").GetProperty("enabled").GetBoolean());
                Assert.Equal("prague", settings.GetProperty("evmVersion").GetString());
            }
            Assert.True(File.Exists(Path.Combine(dir, "out", "src", "B.json")));
            Assert.True(File.Exists(Path.Combine(dir, "out", "test", "T.json")));
            Assert.False(File.Exists(Path.Combine(dir, "out", "src", "ECDSA.json")), "imported libraries are not published");

            (code, output) = RunBuild(dir);
            Assert.Equal(0, code);
            Assert.Contains("up to date", output);

            // Removing a contract removes its artifact.
            File.WriteAllText(a, "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract A { }\n");
            (code, output) = RunBuild(dir);
            Assert.True(code == 0, output);
            Assert.False(File.Exists(Path.Combine(dir, "out", "src", "B.json")));

            // Two contracts of one name in one folder are refused.
            File.WriteAllText(Path.Combine(dir, "src", "A2.sol"), "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract A { }\n");
            (code, output) = RunBuild(dir);
            Assert.Equal(1, code);
            Assert.Contains("contract A is also defined in src/A.sol", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Run_time_compilation_returns_artifacts_and_reports_errors_with_their_location()
    {
        var ok = await Solc.CompileAsync(new Dictionary<string, string>
        {
            ["Uses.sol"] = """
                // SPDX-License-Identifier: MIT
                pragma solidity ^0.8.28;
                import {IParleyApp} from "src/IParleyApp.sol";
                abstract contract Uses is IParleyApp { }
                contract Leaf { function one() external pure returns (uint256) { return 1; } }
                """,
        });
        Assert.Equal(["Leaf", "Uses"], ok.Keys.Order());
        Assert.True(ok["Leaf"].IsDeployable);
        Assert.False(ok["Uses"].IsDeployable);

        var error = await Assert.ThrowsAsync<SolcException>(() => Solc.CompileAsync(new Dictionary<string, string>
        {
            ["Bad.sol"] = "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract Bad { function f() external { undefinedThing(); } }\n",
        }));
        Assert.Contains("Undeclared identifier", error.Message);
        Assert.Contains("Bad.sol:3:", error.Message);

        const string warns = "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\ncontract W { function f(uint256 x) external pure returns (uint256) { return 1; } }\n";
        var warning = await Assert.ThrowsAsync<SolcException>(() => Solc.CompileAsync(new Dictionary<string, string> { ["W.sol"] = warns }));
        Assert.Contains("Unused function parameter", Assert.Single(warning.Diagnostics));
        Assert.True((await Solc.CompileAsync(new Dictionary<string, string> { ["W.sol"] = warns }, allowWarnings: true))["W"].IsDeployable);
    }

    private static (int Code, string Output) RunBuild(string contractsDir)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(BuildScript);
        psi.ArgumentList.Add("--contracts");
        psi.ArgumentList.Add(contractsDir);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
