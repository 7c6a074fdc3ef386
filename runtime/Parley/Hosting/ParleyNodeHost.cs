using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Nodes;

namespace Parley.Hosting;

/// <summary>
/// Runs a <see cref="ParleyNode"/> with the host (registered by <see cref="ParleyServiceCollectionExtensions.AddParleyNode"/>):
/// starts it when the host starts, with the <see cref="ParleyNodeOptions"/> bound through <c>IOptions</c> (and the
/// host's logger factory when the options name none), and disposes it when the host stops. Inject this class and read
/// <see cref="Node"/> once the host has started.
/// </summary>
public sealed class ParleyNodeHost : IHostedService, IAsyncDisposable
{
    private readonly IOptions<ParleyNodeOptions> _options;
    private readonly ILoggerFactory? _loggers;
    private ParleyNode? _node;

    /// <summary>Creates the host (the node starts with the application host).</summary>
    /// <param name="options">The node's options.</param>
    /// <param name="loggers">The host's logger factory, used when <see cref="ParleyNodeOptions.LoggerFactory"/> is null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ParleyNodeHost(IOptions<ParleyNodeOptions> options, ILoggerFactory? loggers = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _loggers = loggers;
    }

    /// <summary>The running node.</summary>
    /// <exception cref="InvalidOperationException">The host has not started it (yet), or has stopped it.</exception>
    public ParleyNode Node => _node ?? throw new InvalidOperationException("The Parley node runs only between the host's start and stop.");

    /// <summary>Starts the node (<see cref="ParleyNode.StartAsync"/>); its errors fail the host's start.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">The node is already running.</exception>
    /// <exception cref="ParleyNodeOptionsException">An option is missing or out of range.</exception>
    /// <exception cref="ChainMismatchException">The chain contradicts the options.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_node is not null)
        {
            throw new InvalidOperationException("The Parley node is already running.");
        }
        var options = _options.Value;
        options.LoggerFactory ??= _loggers;
        _node = await ParleyNode.StartAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the node (<see cref="ParleyNode.DisposeAsync"/>).</summary>
    /// <param name="cancellationToken">Not used: stopping completes what the node already took.</param>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>Stops the node if it runs; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        var node = Interlocked.Exchange(ref _node, null);
        if (node is not null)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
