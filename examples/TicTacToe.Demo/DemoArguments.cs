using System.Globalization;
using Parley.Channels;
using Parley.Crypto;

namespace Parley.Examples.Demo;

/// <summary>What the orchestrator tells a participant process: the chain, the contracts, the peer and the channels'
/// nonces (the funding deadline travels in the channel proposal). The private key comes in the environment
/// (<c>PARLEY_DEMO_KEY</c>), never on the command line.</summary>
public sealed record DemoArguments(
    string Role,
    Uri RpcUrl,
    ulong ChainId,
    Address Adjudicator,
    ulong AdjudicatorBlock,
    Address App,
    Address Alice,
    Address Bob,
    ulong Nonce,
    ulong ChallengeDuration,
    string DataDirectory,
    string? PeerEndPoint)
{
    public const string KeyVariable = "PARLEY_DEMO_KEY";

    public static readonly UInt256 Stake = Ether.One;

    /// <summary>The fixed part of game <paramref name="game"/> (1 or 2): the same in both processes.</summary>
    public FixedPart Channel(int game) => new(ChainId, Adjudicator, [Alice, Bob], Nonce + (ulong)game, App, ChallengeDuration);

    public static Outcome Funding => new(new AssetOutcome(Address.Zero, [Stake, Stake]));

    public IEnumerable<string> ToArgs()
    {
        yield return "participant";
        yield return Role;
        yield return RpcUrl.ToString();
        yield return ChainId.ToString(CultureInfo.InvariantCulture);
        yield return Adjudicator.ToString();
        yield return AdjudicatorBlock.ToString(CultureInfo.InvariantCulture);
        yield return App.ToString();
        yield return Alice.ToString();
        yield return Bob.ToString();
        yield return Nonce.ToString(CultureInfo.InvariantCulture);
        yield return ChallengeDuration.ToString(CultureInfo.InvariantCulture);
        yield return DataDirectory;
        yield return PeerEndPoint ?? "-";
    }

    public static DemoArguments Parse(string[] a)
    {
        if (a.Length != 12)
        {
            throw new ArgumentException($"participant takes 12 arguments, got {a.Length}.");
        }
        return new DemoArguments(a[0], new Uri(a[1]), ulong.Parse(a[2], CultureInfo.InvariantCulture), Address.Parse(a[3]),
            ulong.Parse(a[4], CultureInfo.InvariantCulture), Address.Parse(a[5]), Address.Parse(a[6]), Address.Parse(a[7]),
            ulong.Parse(a[8], CultureInfo.InvariantCulture), ulong.Parse(a[9], CultureInfo.InvariantCulture), a[10], a[11] == "-" ? null : a[11]);
    }
}
