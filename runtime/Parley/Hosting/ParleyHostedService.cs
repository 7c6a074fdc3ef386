using Microsoft.Extensions.Hosting;
using Parley.Engine;

namespace Parley.Hosting;

/// <summary>Starts the <see cref="ChannelEngine"/> with the host and stops it when the host stops.</summary>
internal sealed class ParleyHostedService(ChannelEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await engine.DisposeAsync().ConfigureAwait(false);
}
