using System.Collections.Immutable;
using Parley.Channels;

namespace Parley.StateMachines;

/// <summary>The mutable copy of an outcome that an action works on: per asset, one balance per participant.</summary>
internal sealed class OutcomeBalances
{
    private readonly Address[] _assets;

    public OutcomeBalances(Outcome outcome)
    {
        var assets = outcome.Assets;
        _assets = new Address[assets.Length];
        Balances = new UInt256[assets.Length][];
        for (var i = 0; i < assets.Length; i++)
        {
            _assets[i] = assets[i].Asset;
            Balances[i] = assets[i].Balances.ToArray();
        }
    }

    public UInt256[][] Balances { get; }

    /// <summary>The index of the first entry for <paramref name="asset"/>, as the generated Solidity finds it.</summary>
    /// <exception cref="ActionRejectedException">No entry has that asset (<c>"unknown asset"</c>).</exception>
    public int AssetIndex(Address asset)
    {
        for (var i = 0; i < _assets.Length; i++)
        {
            if (_assets[i] == asset)
            {
                return i;
            }
        }
        throw new ActionRejectedException(RejectionKind.Require, "unknown asset");
    }

    public Outcome ToOutcome()
    {
        var assets = ImmutableArray.CreateBuilder<AssetOutcome>(_assets.Length);
        for (var i = 0; i < _assets.Length; i++)
        {
            assets.Add(new AssetOutcome(_assets[i], ImmutableArray.Create(Balances[i])));
        }
        return new Outcome(assets.MoveToImmutable());
    }
}
