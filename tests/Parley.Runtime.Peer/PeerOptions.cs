using System.Globalization;
using System.Net;
using Parley.Crypto;
using Parley.Store;

namespace Parley.Runtime.Peer;

/// <summary>The command line of a peer process: <c>play</c> (default), <c>rederive</c> or <c>bench</c>, then <c>--name value</c> pairs.</summary>
public sealed class PeerOptions
{
    public string Mode { get; private set; } = "play";

    public PrivateKey Key { get; private set; } = PrivateKey.Generate();

    public string Db { get; private set; } = Path.Combine(Path.GetTempPath(), $"parley-peer-{Guid.NewGuid():N}.db");

    public StoreDurability Durability { get; private set; } = StoreDurability.Full;

    public int ListenPort { get; private set; }

    public ulong ChainId { get; private set; } = 31337;

    public Address Adjudicator { get; private set; } = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    public Dictionary<Address, IPEndPoint> Peers { get; } = [];

    public string App { get; private set; } = "TicTacToe";

    public List<Address> Participants { get; } = [];

    /// <summary>Channels to propose (this node is then the proposer).</summary>
    public int Propose { get; private set; }

    /// <summary>The first channel nonce.</summary>
    public ulong NonceBase { get; private set; } = 1;

    /// <summary>Channels to see concluded before printing <c>done</c> (default: <see cref="Propose"/>).</summary>
    public int Expect { get; private set; } = -1;

    /// <summary>Rally length.</summary>
    public int Target { get; private set; } = 100;

    /// <summary>Payments per channel (payment-stream payer).</summary>
    public int Payments { get; private set; }

    /// <summary>Payments in flight per channel.</summary>
    public int Window { get; private set; } = 256;

    public int? Seed { get; private set; }

    public int CheckpointInterval { get; private set; } = 16;

    /// <summary>Print one line per stored state (the crash test needs them; benchmarks do not).</summary>
    public bool Verbose { get; private set; } = true;

    public Bytes32? Channel { get; private set; }

    /// <summary>Print a <c>timing</c> line per concluded channel: updates, seconds, p50/p99 time per update.</summary>
    public bool Timing { get; private set; }

    /// <summary>Crash test: SIGKILL this process after it has stored this many states (0: never).</summary>
    public int DieAfter { get; private set; }

    /// <summary>Crash test: how long after <see cref="DieAfter"/> is reached the SIGKILL is sent, in microseconds.</summary>
    public int DieDelayMicroseconds { get; private set; }

    public int? BenchUpdates { get; private set; }

    public static PeerOptions Parse(string[] args)
    {
        var options = new PeerOptions();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            options.Mode = args[0];
            i = 1;
        }
        for (; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option {args[i]} needs a value.");
            }
            var value = args[i + 1];
            switch (args[i])
            {
                case "--key": options.Key = PrivateKey.Parse(value); break;
                case "--db": options.Db = value; break;
                case "--durability": options.Durability = Enum.Parse<StoreDurability>(value, ignoreCase: true); break;
                case "--listen": options.ListenPort = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--chain": options.ChainId = ulong.Parse(value, CultureInfo.InvariantCulture); break;
                case "--adjudicator": options.Adjudicator = Address.Parse(value); break;
                case "--peer":
                {
                    var parts = value.Split('=', 2);
                    options.Peers[Address.Parse(parts[0])] = IPEndPoint.Parse(parts[1]);
                    break;
                }
                case "--app": options.App = value; break;
                case "--participants": options.Participants.AddRange(value.Split(',').Select(Address.Parse)); break;
                case "--propose": options.Propose = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--nonce-base": options.NonceBase = ulong.Parse(value, CultureInfo.InvariantCulture); break;
                case "--expect": options.Expect = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--target": options.Target = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--payments": options.Payments = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--window": options.Window = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seed": options.Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--checkpoint": options.CheckpointInterval = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--verbose": options.Verbose = bool.Parse(value); break;
                case "--channel": options.Channel = Bytes32.Parse(value); break;
                case "--timing": options.Timing = bool.Parse(value); break;
                case "--updates": options.BenchUpdates = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--die-after": options.DieAfter = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--die-delay-us": options.DieDelayMicroseconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        if (options.Expect < 0)
        {
            options.Expect = options.Propose;
        }
        return options;
    }
}
