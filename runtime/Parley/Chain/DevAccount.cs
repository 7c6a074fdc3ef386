using Parley.Crypto;

namespace Parley.Chain;

/// <summary>A funded development account of a dev chain: its address and its private key (test keys only: never hold value
/// on a real chain with a key derived from a published mnemonic).</summary>
/// <param name="Address">The account's address.</param>
/// <param name="PrivateKeyHex">The private key as <c>0x</c> and 64 hex digits, as anvil prints it.</param>
public sealed record DevAccount(Address Address, string PrivateKeyHex)
{
    /// <summary>The private key (parsed from <see cref="PrivateKeyHex"/> on each access), for signing with Parley.Crypto.</summary>
    public PrivateKey PrivateKey => PrivateKey.Parse(PrivateKeyHex);
}
