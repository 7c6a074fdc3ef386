using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Chain;

// Development-chain methods (anvil; most also hardhat): time travel, mining, snapshots, balances. Production nodes
// answer these with "method not found" (a JsonRpcException with code -32601).
public sealed partial class JsonRpcClient
{
    /// <summary><c>evm_increaseTime</c>: moves chain time forward by <paramref name="seconds"/> for the next block
    /// (mine one with <see cref="MineAsync"/> to make it visible to <c>eth_call</c>).</summary>
    /// <returns>The total time offset now applied, in seconds, as the node reports it.</returns>
    /// <exception cref="JsonRpcException">The node does not support it, or refused it.</exception>
    public async Task<long> IncreaseTimeAsync(ulong seconds, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("evm_increaseTime", Params(RpcQuantity.Format(seconds)), cancellationToken).ConfigureAwait(false);
        return result.ValueKind switch
        {
            JsonValueKind.Number when result.TryGetInt64(out var n) => n,
            JsonValueKind.String => checked((long)RpcQuantity.ParseUInt64(result.GetString(), "evm_increaseTime")),
            _ => throw new RpcFormatException("evm_increaseTime", $"expected a number, got {result.ValueKind}"),
        };
    }

    /// <summary><c>evm_setNextBlockTimestamp</c>: the timestamp (seconds since the Unix epoch) of the next mined block.</summary>
    /// <exception cref="JsonRpcException">The node does not support it, or the time is not after the latest block's.</exception>
    public async Task SetNextBlockTimestampAsync(ulong timestamp, CancellationToken cancellationToken = default) =>
        await SendAsync("evm_setNextBlockTimestamp", Params(RpcQuantity.Format(timestamp)), cancellationToken).ConfigureAwait(false);

    /// <summary><c>anvil_mine</c>: mines <paramref name="blocks"/> blocks at once (including pending transactions).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blocks"/> is 0.</exception>
    /// <exception cref="JsonRpcException">The node does not support it.</exception>
    public async Task MineAsync(ulong blocks = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blocks);
        await SendAsync("anvil_mine", Params(RpcQuantity.Format(blocks)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>evm_snapshot</c>: records the chain's state; <see cref="RevertAsync"/> returns to it.</summary>
    /// <returns>The snapshot's id (an opaque quantity string).</returns>
    /// <exception cref="JsonRpcException">The node does not support it.</exception>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("evm_snapshot", null, cancellationToken).ConfigureAwait(false);
        var id = RpcFields.AsString(result, "evm_snapshot");
        RpcQuantity.ParseUInt256(id, "evm_snapshot");
        return id;
    }

    /// <summary><c>evm_revert</c>: returns the chain to the state of snapshot <paramref name="snapshotId"/>, discarding
    /// later blocks. The snapshot is consumed (and so are later ones): take a new one to revert again.</summary>
    /// <returns>Whether the node reverted (false for an unknown or already used snapshot).</returns>
    /// <exception cref="JsonRpcException">The node does not support it.</exception>
    public async Task<bool> RevertAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(snapshotId);
        var result = await SendAsync("evm_revert", Params(snapshotId), cancellationToken).ConfigureAwait(false);
        return result.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RpcFormatException("evm_revert", $"expected a boolean, got {result.ValueKind}"),
        };
    }

    /// <summary><c>anvil_setBalance</c>: sets the balance of <paramref name="account"/> to <paramref name="wei"/>.</summary>
    /// <exception cref="JsonRpcException">The node does not support it.</exception>
    public async Task SetBalanceAsync(Address account, UInt256 wei, CancellationToken cancellationToken = default) =>
        await SendAsync("anvil_setBalance", Params(RpcData.Format(account), RpcQuantity.Format(wei)), cancellationToken).ConfigureAwait(false);

    /// <summary><c>evm_setAutomine</c>: turns mining on every transaction on or off.</summary>
    /// <exception cref="JsonRpcException">The node does not support it.</exception>
    public async Task SetAutomineAsync(bool enabled, CancellationToken cancellationToken = default) =>
        await SendAsync("evm_setAutomine", Params(enabled), cancellationToken).ConfigureAwait(false);
}
