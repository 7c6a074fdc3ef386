using System.Reflection;

namespace Parley.Analyzers.Tests.Harness;

/// <summary>The repository root, recorded at build time (the tests run from an artifacts folder elsewhere).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var recorded = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ParleyRepoRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Parley.slnx")))
        {
            return Path.GetFullPath(recorded);
        }
        throw new DirectoryNotFoundException("The repository root was not recorded at build time (ParleyRepoRoot).");
    }
}
