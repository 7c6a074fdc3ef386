using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Parley.Analyzers.Scope;

/// <summary>
/// How state machine code reaches a member: the state machine, and the call chain from one of its members to this
/// one (a root member of the state machine has no caller).
/// </summary>
public sealed class Reach
{
    private string? description;

    internal Reach(ISymbol member, INamedTypeSymbol stateMachine, Reach? caller)
    {
        Member = member;
        StateMachine = stateMachine;
        Caller = caller;
    }

    /// <summary>The member (method, accessor, constructor, operator, field or property initializer) reached.</summary>
    public ISymbol Member { get; }

    /// <summary>The <c>[StateMachine]</c> class whose code reaches <see cref="Member"/>.</summary>
    public INamedTypeSymbol StateMachine { get; }

    /// <summary>The member whose code calls <see cref="Member"/>; null when <see cref="Member"/> belongs to the state machine.</summary>
    public Reach? Caller { get; }

    /// <summary>The chain of members from the state machine's member down to <see cref="Member"/>.</summary>
    public IReadOnlyList<ISymbol> Chain
    {
        get
        {
            var chain = new List<ISymbol>();
            for (var r = this; r is not null; r = r.Caller)
            {
                chain.Add(r.Member);
            }
            chain.Reverse();
            return chain;
        }
    }

    /// <summary>
    /// The phrase the diagnostics end with: <c>in state machine TicTacToe</c> for the state machine's own code, else
    /// <c>reached from TicTacToe.Play → Scoring.Compute</c> (the last element holds the offending code).
    /// </summary>
    public string Describe()
    {
        if (description is not null)
        {
            return description;
        }
        string text;
        if (Caller is null)
        {
            text = "in state machine " + MemberDisplay.TypeName(StateMachine);
        }
        else
        {
            var parts = new List<string>();
            foreach (var member in Chain)
            {
                parts.Add(MemberDisplay.Name(member));
            }
            text = "reached from " + string.Join(" → ", parts);
        }
        return description = text;
    }
}
