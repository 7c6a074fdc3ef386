using Parley.Abi;
using Parley.Channels;
using Parley.Protocol;

namespace Parley.Transport;

public static partial class ChannelMessageCodec
{
    // UPDATE: channelId(32) ‖ turnNum(6) ‖ isFinal(1) ‖ parentHash(32) ‖ action(bytes) ‖ appData(bytes) ‖ outcome(bytes, abi.encode) ‖ signature(65)
    private static void WriteUpdate(WireWriter writer, UpdateMessage update)
    {
        writer.WriteFixed(update.ChannelId.AsSpan());
        writer.WriteTurnNum(update.TurnNum);
        writer.WriteBool(update.IsFinal);
        writer.WriteFixed(update.ParentHash.AsSpan());
        WriteVariable(writer, update.Action, "action");
        WriteVariable(writer, update.AppData, "appData");
        WriteVariable(writer, update.Outcome.Encode(), "outcome");
        WriteSignature(writer, update.Signature);
    }

    private static UpdateMessage ReadUpdate(ref WireReader reader) => new(
        reader.ReadBytes32("channelId"),
        reader.ReadTurnNum("turnNum"),
        reader.ReadBool("isFinal"),
        reader.ReadBytes32("parentHash"),
        reader.ReadBytes("action", MaxFieldLength),
        reader.ReadBytes("appData", MaxFieldLength),
        ReadOutcome(ref reader, "outcome"),
        reader.ReadFixed(Crypto.Signature.Length, "signature").ToArray());

    private static Outcome ReadOutcome(ref WireReader reader, string field)
    {
        var bytes = reader.ReadBytes(field, MaxFieldLength);
        try
        {
            return Outcome.Decode(bytes);
        }
        catch (AbiDecodingException e)
        {
            throw new WireFormatException(WireError.InvalidField, $"Field '{field}' is not a canonical abi.encode of (address,uint256[])[]: {e.Message}");
        }
    }
}
