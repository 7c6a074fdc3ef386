namespace Parley.Runtime.Peer;

/// <summary>Entry point (see <see cref="PeerCommand"/>).</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => PeerCommand.RunAsync(args);
}
