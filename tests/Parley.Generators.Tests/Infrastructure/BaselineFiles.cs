using Parley.TestSupport;

namespace Parley.Generators.Tests.Infrastructure;

/// <summary>
/// Baseline files of generated code under <c>tests/Parley.Generators.Tests/Baselines/</c>. Set the environment variable
/// <c>PARLEY_UPDATE_BASELINES=1</c> to rewrite them from the current generator output (then review the diff).
/// </summary>
internal static class BaselineFiles
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "Parley.Generators.Tests", "Baselines");

    public static bool Updating => Environment.GetEnvironmentVariable("PARLEY_UPDATE_BASELINES") == "1";

    /// <summary>Compares <paramref name="actual"/> with the baseline <paramref name="name"/>, or rewrites it when updating.</summary>
    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        actual = actual.ReplaceLineEndings("\n");
        if (Updating)
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"Missing baseline {path}: run the tests with PARLEY_UPDATE_BASELINES=1 to create it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{name} differs from its baseline at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
                        "If the change is intended, rerun with PARLEY_UPDATE_BASELINES=1 and review the diff.");
        }
    }
}
