using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Parley.StateMachines;

namespace Parley.Cli.Apps;

/// <summary>
/// Loads users' state machine assemblies (<c>--app path.dll</c>, repeatable) into the default load context, so they
/// share this process's <c>Parley</c> assembly and its <see cref="StateMachineRegistry"/>: the generator's
/// <c>[ModuleInitializer]</c> in each assembly registers every <c>[StateMachine]</c> it declares, and this class runs that
/// initializer at once (a module initializer otherwise waits for the first use of a type of the module). Dependencies of
/// a loaded assembly resolve through its <c>.deps.json</c>, else from its folder. The assembly must be built against a
/// <c>Parley</c> of this tool's version or older (the runtime binds to the one already loaded).
/// </summary>
internal static class AppAssemblies
{
    private static readonly List<AssemblyDependencyResolver> Resolvers = [];

    /// <summary>The <c>--app</c> option: paths of assemblies holding <c>[StateMachine]</c> classes; each must exist.</summary>
    public static System.CommandLine.Option<FileInfo[]> Option(string purpose)
    {
        var option = new System.CommandLine.Option<FileInfo[]>("--app")
        {
            Description = "A .NET assembly (.dll) with [StateMachine] classes to " + purpose + "; repeatable.",
            AllowMultipleArgumentsPerToken = false,
            HelpName = "path.dll",
        };
        option.Validators.Add(result =>
        {
            foreach (var file in result.GetValueOrDefault<FileInfo[]>() ?? [])
            {
                if (!file.Exists)
                {
                    result.AddError($"--app {file}: no such file.");
                }
            }
        });
        return option;
    }

    /// <summary>
    /// Loads each assembly and returns the state machines it registered, in the order given (each assembly's machines
    /// ordered by id, duplicates removed). An assembly already loaded (e.g. the built-in tic-tac-toe) is used as it is.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentException">A file is not a .NET assembly, or cannot be loaded (the message says why).</exception>
    /// <exception cref="InvalidOperationException">An assembly registers no state machine, or its state machine's id
    /// clashes with one already registered.</exception>
    public static IReadOnlyList<IStateMachineDefinition> Load(IEnumerable<FileInfo> files)
    {
        var machines = new List<IStateMachineDefinition>();
        foreach (var file in files)
        {
            var assembly = LoadOne(file);
            try
            {
                RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
            }
            catch (TypeInitializationException e)
            {
                throw new InvalidOperationException($"--app {file}: registering its state machines failed: {e.InnerException?.Message ?? e.Message}", e.InnerException ?? e);
            }
            var declared = StateMachineRegistry.All.Where(d => d.GetType().Assembly == assembly).ToArray();
            if (declared.Length == 0)
            {
                throw new InvalidOperationException(
                    $"--app {file}: the assembly {assembly.GetName().Name} registers no state machine (no [StateMachine] class built with Parley's generator).");
            }
            machines.AddRange(declared.Where(d => !machines.Contains(d)));
        }
        return machines;
    }

    private static Assembly LoadOne(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"--app {file}: no such file.", file.FullName);
        }
        AssemblyName name;
        try
        {
            name = AssemblyName.GetAssemblyName(file.FullName);
        }
        catch (BadImageFormatException e)
        {
            throw new ArgumentException($"--app {file}: not a .NET assembly ({e.Message})", nameof(file), e);
        }
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name)
            && string.Equals(a.GetName().Name, name.Name, StringComparison.Ordinal));
        if (loaded is not null)
        {
            return loaded;
        }
        lock (Resolvers)
        {
            if (Resolvers.Count == 0)
            {
                AssemblyLoadContext.Default.Resolving += Resolve;
            }
            Resolvers.Add(new AssemblyDependencyResolver(file.FullName));
        }
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(file.FullName);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new ArgumentException($"--app {file}: cannot be loaded ({e.Message})", nameof(file), e);
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        AssemblyDependencyResolver[] resolvers;
        lock (Resolvers)
        {
            resolvers = [.. Resolvers];
        }
        foreach (var resolver in resolvers)
        {
            if (resolver.ResolveAssemblyToPath(name) is { } path && File.Exists(path))
            {
                return context.LoadFromAssemblyPath(path);
            }
        }
        return null;
    }
}
