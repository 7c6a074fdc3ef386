using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Crypto;
using Parley.Engine;
using Parley.Nodes;
using Parley.Observers;
using Parley.Store;
using Parley.Transport;

namespace Parley.Hosting;

/// <summary>Registers a Parley node with Microsoft.Extensions.DependencyInjection and Hosting.</summary>
public static class ParleyServiceCollectionExtensions
{
    /// <summary>
    /// Adds a Parley node: <see cref="IChannelStore"/> (SQLite), <see cref="IPeerTransport"/> (TCP),
    /// <see cref="ChannelEvents"/>, <see cref="ChannelEngine"/>, and a hosted service that starts the engine with the
    /// host and stops it (then the store) when the host stops. Options come from <c>IOptions&lt;ParleyOptions&gt;</c>,
    /// configured by <paramref name="configure"/> and anything else bound to it (e.g. a configuration section); they
    /// are validated when the host starts. <see cref="IEscalationHandler"/>s registered in the container are called
    /// on escalations.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (may be null when they are bound elsewhere).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddParley(this IServiceCollection services, Action<ParleyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ParleyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ParleyOptions>, ParleyOptionsValidator>());
        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChannelEvents>(sp => new ChannelEvents(sp.GetService<ILogger<ChannelEvents>>()));
        services.TryAddSingleton<IChannelStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            return SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = o.StorePath, Durability = o.Durability });
        });
        services.TryAddSingleton<IPeerTransport>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            var transport = new TcpTransportOptions
            {
                ListenEndPoint = string.IsNullOrEmpty(o.ListenAddress) ? null : new IPEndPoint(IPAddress.Parse(o.ListenAddress), o.ListenPort),
                MaxFrameSize = o.MaxFrameSize,
            };
            foreach (var (address, endPoint) in o.Peers)
            {
                transport.Peers[Address.Parse(address)] = ParseEndPoint(endPoint);
            }
            return new TcpTransport(PrivateKey.Parse(o.PrivateKey), Network(o), transport, sp.GetService<ILogger<TcpTransport>>());
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ParleyOptions>>().Value;
            return new ChannelEngine(PrivateKey.Parse(o.PrivateKey), Network(o), sp.GetRequiredService<IChannelStore>(),
                sp.GetRequiredService<IPeerTransport>(), sp.GetRequiredService<ChannelEvents>(), o.Engine, sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<ChannelEngine>>(), null, sp.GetServices<IEscalationHandler>());
        });
        services.AddHostedService<ParleyHostedService>();
        return services;
    }

    /// <summary>
    /// Adds a whole Parley node with its chain side (<see cref="ParleyNode"/>: store, transport, engine on chain time,
    /// chain service, watcher, automatic deposits) run by a <see cref="ParleyNodeHost"/> hosted service: it starts with
    /// the host (failing the host's start on a bad option or a chain that contradicts them) and stops with it. Inject
    /// <see cref="ParleyNodeHost"/> and use its <see cref="ParleyNodeHost.Node"/> after the host started. Unlike
    /// <see cref="AddParley"/> (the off-chain engine alone), this needs a chain: RPC URL, adjudicator, key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (may be null when they are bound elsewhere).</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddParleyNode(this IServiceCollection services, Action<ParleyNodeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ParleyNodeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<ParleyNodeHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ParleyNodeHost>());
        return services;
    }

    private static NetworkContext Network(ParleyOptions o) => new(o.ChainId, Address.Parse(o.Adjudicator));

    private static EndPoint ParseEndPoint(string text)
    {
        if (IPEndPoint.TryParse(text, out var ip) && ip.Port != 0)
        {
            return ip;
        }
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new FormatException($"A peer endpoint is host:port, got '{text}'.");
        }
        return new DnsEndPoint(text[..colon], port);
    }

    /// <summary>The first problem with <paramref name="options"/>, or null.</summary>
    internal static string? Validate(ParleyOptions options)
    {
        if (!PrivateKeyIsValid(options.PrivateKey))
        {
            return "Parley:PrivateKey must be 0x followed by 64 hex digits, a valid secp256k1 private key.";
        }
        if (!Address.TryParse(options.Adjudicator, out _))
        {
            return "Parley:Adjudicator must be an address (0x followed by 40 hex digits).";
        }
        if (string.IsNullOrWhiteSpace(options.StorePath))
        {
            return "Parley:StorePath must name a file.";
        }
        if (!string.IsNullOrEmpty(options.ListenAddress) && !IPAddress.TryParse(options.ListenAddress, out _))
        {
            return $"Parley:ListenAddress '{options.ListenAddress}' is not an IP address.";
        }
        if (options.ListenPort is < 0 or > 65535)
        {
            return $"Parley:ListenPort {options.ListenPort} is not a TCP port.";
        }
        foreach (var (address, endPoint) in options.Peers)
        {
            if (!Address.TryParse(address, out _))
            {
                return $"Parley:Peers has key '{address}', which is not an address.";
            }
            try
            {
                ParseEndPoint(endPoint);
            }
            catch (FormatException e)
            {
                return $"Parley:Peers[{address}]: {e.Message}";
            }
        }
        try
        {
            options.Engine.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            return "Parley:Engine: " + e.Message;
        }
        return null;
    }

    private static bool PrivateKeyIsValid(string? text)
    {
        try
        {
            _ = Crypto.PrivateKey.Parse(text ?? "");
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }

    private sealed class ParleyOptionsValidator : IValidateOptions<ParleyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ParleyOptions options) =>
            ParleyServiceCollectionExtensions.Validate(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
