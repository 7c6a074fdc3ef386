namespace Parley.Runtime.Peer;

/// <summary>The throughput harness (filled in below).</summary>
internal static class Bench
{
    public static Task<int> RunAsync(PeerOptions options) => Task.FromResult(options is null ? 1 : 0);
}
