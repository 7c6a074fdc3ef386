using System.Numerics;
using Parley.Channels;
using Parley.Crypto;
using Parley.Protocol;

namespace Parley.Runtime.Tests.Protocol;

/// <summary>Builds (possibly hostile) updates signed with any key.</summary>
public static class UpdateForgery
{
    private static readonly BigInteger N = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");

    public static UpdateMessage Update(FixedPart fixedPart, ulong turnNum, bool isFinal, Bytes32 parent, byte[] action, byte[] appData, Outcome outcome, PrivateKey signer)
    {
        var hash = LoggedState.Digest(fixedPart, turnNum, isFinal, appData, outcome);
        return new UpdateMessage(fixedPart.ChannelId, turnNum, isFinal, parent, action, appData, outcome, signer.Sign(hash).ToBytes());
    }

    /// <summary>The same signature with s replaced by n − s and v flipped: equally valid to ecrecover, but high-s.</summary>
    public static byte[] HighS(byte[] signature)
    {
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var flipped = (N - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        Array.Clear(result, 32, 32);
        flipped.CopyTo(result, 64 - flipped.Length);
        result[64] = (byte)(result[64] == 27 ? 28 : 27);
        return result;
    }
}
