using System.Globalization;

namespace Parley.Template.Tests;

/// <summary>
/// <c>dotnet run -c Release --project tests/Parley.Template.Tests -- bench</c>: packs, then times the newcomer's path
/// (template install → new → first successful <c>dotnet run</c>, warm NuGet cache) and prints <c>newcomer-path &lt;s&gt; s</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["bench"])
        {
            Console.Error.WriteLine("usage: bench   (the tests run with dotnet test)");
            return 2;
        }
        await using var path = new NewcomerPath(line => Console.Error.WriteLine(line));
        var elapsed = await path.MeasureAsync();
        Console.WriteLine($"newcomer-path {elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        return 0;
    }
}
