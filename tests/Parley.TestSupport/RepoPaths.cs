namespace Parley.TestSupport;

/// <summary>Locates the repository root and the pinned npm tools installed by <c>script/bootstrap</c>.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>
    /// The repository root: the folder recorded at build time (it holds <c>Parley.slnx</c>), else the nearest ancestor
    /// of the test assembly holding <c>Parley.slnx</c>.
    /// </summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The <c>node_modules</c> folder at the repository root.</summary>
    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>The anvil binary from <c>@foundry-rs/anvil-linux-amd64</c>.</summary>
    public static string Anvil => Tool("anvil");

    /// <summary>The cast binary from <c>@foundry-rs/cast-linux-amd64</c>.</summary>
    public static string Cast => Tool("cast");

    private static string Tool(string name)
    {
        var path = Path.Combine(NodeModules, "@foundry-rs", $"{name}-linux-amd64", "bin", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{name} is not installed at {path}; run script/bootstrap (npm ci) first.", path);
        }
        return path;
    }

    private static string FindRoot()
    {
        var recorded = typeof(RepoPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ParleyRepoRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Parley.slnx")))
        {
            return Path.GetFullPath(recorded);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Parley.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No Parley.slnx above {AppContext.BaseDirectory}.");
    }
}
