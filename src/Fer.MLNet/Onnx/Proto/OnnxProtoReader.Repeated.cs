namespace Fer.MLNet.Onnx.Proto;

/// <summary>Repeated scalar fields, which protobuf allows packed (one length-delimited field) or one field per element.</summary>
internal sealed partial class OnnxProtoReader
{
    private void PackedVarints(ref ProtoWireReader r, int wire, List<long> into, string what)
    {
        if (wire == ProtoWireReader.Varint)
        {
            CountElements(into.Count + 1, what);
            into.Add(r.ReadInt64());
            return;
        }
        Expect(wire, ProtoWireReader.LengthDelimited, what);
        ProtoWireReader p = r.ReadMessage();
        while (!p.AtEnd)
        {
            CountElements(into.Count + 1, what);
            into.Add(p.ReadInt64());
        }
    }

    private void PackedFloats(ref ProtoWireReader r, int wire, List<float> into, string what)
    {
        if (wire == ProtoWireReader.Fixed32)
        {
            CountElements(into.Count + 1, what);
            into.Add(r.ReadFloat());
            return;
        }
        Expect(wire, ProtoWireReader.LengthDelimited, what);
        var (start, length) = r.ReadLengthDelimited();
        if (length % 4 != 0) throw new ProtoWireException($"packed {what} at byte {start} has {length} bytes, not a multiple of 4");
        CountElements(into.Count + (long)length / 4, what);
        into.EnsureCapacity(into.Count + length / 4);
        var p = new ProtoWireReader(r.Buffer, start, start + length);
        while (!p.AtEnd) into.Add(p.ReadFloat());
    }

    private void PackedDoubles(ref ProtoWireReader r, int wire, List<double> into, string what)
    {
        if (wire == ProtoWireReader.Fixed64)
        {
            CountElements(into.Count + 1, what);
            into.Add(r.ReadDouble());
            return;
        }
        Expect(wire, ProtoWireReader.LengthDelimited, what);
        var (start, length) = r.ReadLengthDelimited();
        if (length % 8 != 0) throw new ProtoWireException($"packed {what} at byte {start} has {length} bytes, not a multiple of 8");
        CountElements(into.Count + (long)length / 8, what);
        into.EnsureCapacity(into.Count + length / 8);
        var p = new ProtoWireReader(r.Buffer, start, start + length);
        while (!p.AtEnd) into.Add(p.ReadDouble());
    }

    private void CountElements(long count, string what)
    {
        if (count > options.MaxTensorElements)
            Limit($"{what} holds more than {options.MaxTensorElements} values (OnnxLoadOptions.MaxTensorElements)");
    }
}
