using Parley.Abi;
using Parley.Channels;
using Parley.Protocol;

namespace Parley.Transport;

public static partial class ChannelMessageCodec
{
    // PROPOSE: fixedPart(bytes, abi.encode of the six fields) ‖ app(string) ‖ appData(bytes) ‖ outcome(bytes) ‖ signature(65)
    //          ‖ fundingDeadline(u64; any value decodes, the protocol core refuses 0, values ≥ 2^48 and past deadlines)
    private static void WritePropose(WireWriter writer, ProposeMessage propose)
    {
        WriteVariable(writer, propose.FixedPart.Encode(), "fixedPart");
        writer.WriteString(propose.App);
        WriteVariable(writer, propose.AppData, "appData");
        WriteVariable(writer, propose.Outcome.Encode(), "outcome");
        WriteSignature(writer, propose.Signature);
        writer.WriteUInt64(propose.FundingDeadline);
    }

    private static ProposeMessage ReadPropose(ref WireReader reader)
    {
        var fixedPartBytes = reader.ReadBytes("fixedPart", MaxFieldLength);
        FixedPart fixedPart;
        try
        {
            fixedPart = FixedPart.Decode(fixedPartBytes);
        }
        catch (Exception e) when (e is AbiDecodingException or ArgumentException)
        {
            throw new WireFormatException(WireError.InvalidField, $"Field 'fixedPart' is not a valid abi.encode of a fixed part: {e.Message}");
        }
        var app = reader.ReadString("app");
        var appData = reader.ReadBytes("appData", MaxFieldLength);
        var outcome = ReadOutcome(ref reader, "outcome");
        var signature = reader.ReadFixed(Crypto.Signature.Length, "signature").ToArray();
        var fundingDeadline = reader.ReadUInt64("fundingDeadline");
        return new ProposeMessage(fixedPart, app, appData, outcome, signature, fundingDeadline);
    }
}
