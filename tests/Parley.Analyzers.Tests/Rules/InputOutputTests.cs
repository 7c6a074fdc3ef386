using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Rules;

public sealed class InputOutputTests
{
    [Fact]
    public Task Flags_io_and_environment() => Verify.DiagnosticsAsync(Sources.Game(
        """
        var text = {|PARLEY006:File.ReadAllText("state.json")|};
        var path = {|PARLEY006:Path.Combine("a", "b")|};
        var home = {|PARLEY006:Environment.GetEnvironmentVariable("HOME")|};
        var cores = {|PARLEY006:Environment.ProcessorCount|};
        var line = {|PARLEY006:Console.ReadLine()|};
        {|PARLEY006:Debug.WriteLine("moved")|};
        using var client = {|PARLEY006:new System.Net.Http.HttpClient()|};
        var process = {|PARLEY006:Process.GetCurrentProcess()|};
        var memory = {|PARLEY006:GC.GetTotalMemory(false)|};
        """));

    [Fact]
    public Task Names_and_unreached_io_are_fine() => Verify.DiagnosticsAsync(
        Sources.Game("var name = nameof(Console);", """
            public static class Persistence
            {
                public static void Save(string text) => File.WriteAllText("state.json", text);
            }
            """));
}
