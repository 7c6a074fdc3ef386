using System.IO.Pipelines;

namespace Parley.Runtime.Tests.Transport;

/// <summary>Two connected in-memory duplex pipes: what one writes the other reads.</summary>
public static class PipePair
{
    public static (IDuplexPipe A, IDuplexPipe B) Create()
    {
        var aToB = new Pipe();
        var bToA = new Pipe();
        return (new Duplex(bToA.Reader, aToB.Writer), new Duplex(aToB.Reader, bToA.Writer));
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
