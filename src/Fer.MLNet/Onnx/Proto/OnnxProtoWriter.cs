using Google.Protobuf;
using static Google.Protobuf.CodedOutputStream;

namespace Fer.MLNet.Onnx.Proto;

/// <summary>
/// Serialises a <see cref="ModelProto"/> with the field numbers of onnx.proto. Fields are written
/// in ascending field-number order and default (empty/zero) scalars are omitted, so equal models
/// give identical bytes. Sizes are computed first so the output is written in one pass.
/// </summary>
internal static class OnnxProtoWriter
{
    private const WireFormat.WireType Len = WireFormat.WireType.LengthDelimited;
    private const WireFormat.WireType Var = WireFormat.WireType.Varint;

    public static byte[] Write(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        long size = SizeOf(model);
        if (size > int.MaxValue) throw new InvalidOperationException($"The model is {size} bytes; protobuf files are limited to 2 GiB.");
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        WriteModel(output, model);
        output.Flush();
        output.CheckNoSpaceLeft();
        return bytes;
    }

    // ------------------------------------------------------------------ sizes

    private static long Field(int field, long payload) => ComputeTagSize(field) + payload;

    private static long Nested(int field, long size) => ComputeTagSize(field) + ComputeLengthSize(checked((int)size)) + size;

    private static long Str(int field, string value) => value.Length == 0 ? 0 : Field(field, ComputeStringSize(value));

    private static long Int(int field, long value) => value == 0 ? 0 : Field(field, ComputeInt64Size(value));

    private static long SizeOf(ModelProto m)
    {
        long s = Int(1, m.IrVersion) + Str(2, m.ProducerName) + Str(3, m.ProducerVersion) + Str(4, m.Domain)
            + Int(5, m.ModelVersion) + Str(6, m.DocString);
        if (m.Graph is not null) s += Nested(7, SizeOf(m.Graph));
        foreach (OperatorSetIdProto o in m.OpsetImports) s += Nested(8, SizeOf(o));
        foreach (StringStringEntryProto e in m.MetadataProps) s += Nested(14, SizeOf(e));
        return s;
    }

    private static long SizeOf(OperatorSetIdProto o) => Str(1, o.Domain) + Int(2, o.Version);

    private static long SizeOf(StringStringEntryProto e) => Str(1, e.Key) + Str(2, e.Value);

    private static long SizeOf(GraphProto g)
    {
        long s = 0;
        foreach (NodeProto n in g.Nodes) s += Nested(1, SizeOf(n));
        s += Str(2, g.Name);
        foreach (TensorProto t in g.Initializers) s += Nested(5, SizeOf(t));
        s += Str(10, g.DocString);
        foreach (ValueInfoProto v in g.Inputs) s += Nested(11, SizeOf(v));
        foreach (ValueInfoProto v in g.Outputs) s += Nested(12, SizeOf(v));
        foreach (ValueInfoProto v in g.ValueInfo) s += Nested(13, SizeOf(v));
        return s;
    }

    private static long SizeOf(NodeProto n)
    {
        long s = 0;
        foreach (string i in n.Inputs) s += Field(1, ComputeStringSize(i));
        foreach (string o in n.Outputs) s += Field(2, ComputeStringSize(o));
        s += Str(3, n.Name) + Str(4, n.OpType);
        foreach (AttributeProto a in n.Attributes) s += Nested(5, SizeOf(a));
        return s + Str(6, n.DocString) + Str(7, n.Domain);
    }

    private static long SizeOf(AttributeProto a)
    {
        long s = Str(1, a.Name);
        switch (a.Type)
        {
            case AttributeType.Float: s += Field(2, 4); break;
            case AttributeType.Int: s += Field(3, ComputeInt64Size(a.I)); break;
            case AttributeType.String: s += Field(4, ComputeLengthSize(a.S.Length) + a.S.Length); break;
            case AttributeType.Tensor: s += Nested(5, SizeOf(a.T ?? throw Unsupported(a))); break;
            case AttributeType.Floats: s += a.Floats.Count == 0 ? 0 : Nested(7, 4L * a.Floats.Count); break;
            case AttributeType.Ints: s += a.Ints.Count == 0 ? 0 : Nested(8, VarintsSize(a.Ints)); break;
            case AttributeType.Strings:
                foreach (byte[] b in a.Strings) s += Field(9, ComputeLengthSize(b.Length) + b.Length);
                break;
            case AttributeType.Tensors:
                foreach (TensorProto t in a.Tensors) s += Nested(10, SizeOf(t));
                break;
            default: throw Unsupported(a);
        }
        return s + Str(13, a.DocString) + Field(20, ComputeInt32Size((int)a.Type));
    }

    private static long SizeOf(TensorProto t)
    {
        long s = t.Dims.Count == 0 ? 0 : Nested(1, VarintsSize(t.Dims));
        s += Int(2, t.DataType);
        if (t.FloatData.Length > 0) s += Nested(4, 4L * t.FloatData.Length);
        if (t.Int32Data.Length > 0) s += Nested(5, t.Int32Data.Sum(v => (long)ComputeInt32Size(v)));
        if (t.Int64Data.Length > 0) s += Nested(7, VarintsSize(t.Int64Data));
        s += Str(8, t.Name);
        if (t.HasRawData || t.RawData.Length > 0) s += Nested(9, t.RawData.Length);
        if (t.DoubleData.Length > 0) s += Nested(10, 8L * t.DoubleData.Length);
        if (t.UInt64Data.Length > 0) s += Nested(11, t.UInt64Data.Sum(v => (long)ComputeUInt64Size(v)));
        s += Str(12, t.DocString);
        foreach (StringStringEntryProto e in t.ExternalData) s += Nested(13, SizeOf(e));
        return s + Int(14, t.DataLocation);
    }

    private static long SizeOf(ValueInfoProto v)
    {
        long s = Str(1, v.Name);
        if (v.Type is not null) s += Nested(2, SizeOf(v.Type));
        return s + Str(3, v.DocString);
    }

    private static long SizeOf(TypeProto t)
    {
        long s = t.TensorType is null ? 0 : Nested(1, SizeOf(t.TensorType));
        return s + Str(6, t.Denotation);
    }

    private static long SizeOf(TensorTypeProto t)
    {
        long s = Int(1, t.ElemType);
        if (t.Shape is not null) s += Nested(2, SizeOf(t.Shape));
        return s;
    }

    private static long SizeOf(TensorShapeProto shape)
    {
        long s = 0;
        foreach (TensorShapeDimension d in shape.Dims) s += Nested(1, SizeOf(d));
        return s;
    }

    private static long SizeOf(TensorShapeDimension d)
    {
        long s = 0;
        if (d.Value is { } v) s += Field(1, ComputeInt64Size(v));
        else if (d.Param is { } p) s += Field(2, ComputeStringSize(p));
        return s + Str(3, d.Denotation);
    }

    private static long VarintsSize(IEnumerable<long> values) => values.Sum(v => (long)ComputeInt64Size(v));

    private static NotSupportedException Unsupported(AttributeProto a) =>
        new($"Attribute '{a.Name}' of type {a.Type} cannot be written (supported: float, int, string, tensor and their lists).");

    // ------------------------------------------------------------------ writing

    private static void Tag(CodedOutputStream o, int field, WireFormat.WireType type) => o.WriteTag(field, type);

    private static void Begin(CodedOutputStream o, int field, long size)
    {
        o.WriteTag(field, Len);
        o.WriteLength(checked((int)size));
    }

    private static void Str(CodedOutputStream o, int field, string value)
    {
        if (value.Length == 0) return;
        Tag(o, field, Len);
        o.WriteString(value);
    }

    private static void Int(CodedOutputStream o, int field, long value)
    {
        if (value == 0) return;
        Tag(o, field, Var);
        o.WriteInt64(value);
    }

    private static void WriteModel(CodedOutputStream o, ModelProto m)
    {
        Int(o, 1, m.IrVersion);
        Str(o, 2, m.ProducerName);
        Str(o, 3, m.ProducerVersion);
        Str(o, 4, m.Domain);
        Int(o, 5, m.ModelVersion);
        Str(o, 6, m.DocString);
        if (m.Graph is not null)
        {
            Begin(o, 7, SizeOf(m.Graph));
            WriteGraph(o, m.Graph);
        }
        foreach (OperatorSetIdProto op in m.OpsetImports)
        {
            Begin(o, 8, SizeOf(op));
            Str(o, 1, op.Domain);
            Int(o, 2, op.Version);
        }
        foreach (StringStringEntryProto e in m.MetadataProps) WriteEntry(o, 14, e);
    }

    private static void WriteEntry(CodedOutputStream o, int field, StringStringEntryProto e)
    {
        Begin(o, field, SizeOf(e));
        Str(o, 1, e.Key);
        Str(o, 2, e.Value);
    }

    private static void WriteGraph(CodedOutputStream o, GraphProto g)
    {
        foreach (NodeProto n in g.Nodes)
        {
            Begin(o, 1, SizeOf(n));
            WriteNode(o, n);
        }
        Str(o, 2, g.Name);
        foreach (TensorProto t in g.Initializers)
        {
            Begin(o, 5, SizeOf(t));
            WriteTensor(o, t);
        }
        Str(o, 10, g.DocString);
        foreach (ValueInfoProto v in g.Inputs) WriteValueInfo(o, 11, v);
        foreach (ValueInfoProto v in g.Outputs) WriteValueInfo(o, 12, v);
        foreach (ValueInfoProto v in g.ValueInfo) WriteValueInfo(o, 13, v);
    }

    private static void WriteNode(CodedOutputStream o, NodeProto n)
    {
        foreach (string i in n.Inputs)
        {
            Tag(o, 1, Len);
            o.WriteString(i);
        }
        foreach (string s in n.Outputs)
        {
            Tag(o, 2, Len);
            o.WriteString(s);
        }
        Str(o, 3, n.Name);
        Str(o, 4, n.OpType);
        foreach (AttributeProto a in n.Attributes)
        {
            Begin(o, 5, SizeOf(a));
            WriteAttribute(o, a);
        }
        Str(o, 6, n.DocString);
        Str(o, 7, n.Domain);
    }

    private static void WriteAttribute(CodedOutputStream o, AttributeProto a)
    {
        Str(o, 1, a.Name);
        switch (a.Type)
        {
            case AttributeType.Float:
                Tag(o, 2, WireFormat.WireType.Fixed32);
                o.WriteFloat(a.F);
                break;
            case AttributeType.Int:
                Tag(o, 3, Var);
                o.WriteInt64(a.I);
                break;
            case AttributeType.String:
                Tag(o, 4, Len);
                o.WriteBytes(ByteString.CopyFrom(a.S));
                break;
            case AttributeType.Tensor:
                Begin(o, 5, SizeOf(a.T!));
                WriteTensor(o, a.T!);
                break;
            case AttributeType.Floats:
                if (a.Floats.Count == 0) break;
                Begin(o, 7, 4L * a.Floats.Count);
                foreach (float f in a.Floats) o.WriteFloat(f);
                break;
            case AttributeType.Ints:
                if (a.Ints.Count == 0) break;
                Begin(o, 8, VarintsSize(a.Ints));
                foreach (long v in a.Ints) o.WriteInt64(v);
                break;
            case AttributeType.Strings:
                foreach (byte[] b in a.Strings)
                {
                    Tag(o, 9, Len);
                    o.WriteBytes(ByteString.CopyFrom(b));
                }
                break;
            case AttributeType.Tensors:
                foreach (TensorProto t in a.Tensors)
                {
                    Begin(o, 10, SizeOf(t));
                    WriteTensor(o, t);
                }
                break;
        }
        Str(o, 13, a.DocString);
        Tag(o, 20, Var);
        o.WriteInt32((int)a.Type);
    }

    private static void WriteTensor(CodedOutputStream o, TensorProto t)
    {
        if (t.Dims.Count > 0)
        {
            Begin(o, 1, VarintsSize(t.Dims));
            foreach (long d in t.Dims) o.WriteInt64(d);
        }
        Int(o, 2, t.DataType);
        if (t.FloatData.Length > 0)
        {
            Begin(o, 4, 4L * t.FloatData.Length);
            foreach (float f in t.FloatData) o.WriteFloat(f);
        }
        if (t.Int32Data.Length > 0)
        {
            Begin(o, 5, t.Int32Data.Sum(v => (long)ComputeInt32Size(v)));
            foreach (int v in t.Int32Data) o.WriteInt32(v);
        }
        if (t.Int64Data.Length > 0)
        {
            Begin(o, 7, VarintsSize(t.Int64Data));
            foreach (long v in t.Int64Data) o.WriteInt64(v);
        }
        Str(o, 8, t.Name);
        if (t.HasRawData || t.RawData.Length > 0)
        {
            Tag(o, 9, Len);
            o.WriteBytes(UnsafeByteOperations.UnsafeWrap(t.RawData));
        }
        if (t.DoubleData.Length > 0)
        {
            Begin(o, 10, 8L * t.DoubleData.Length);
            foreach (double d in t.DoubleData) o.WriteDouble(d);
        }
        if (t.UInt64Data.Length > 0)
        {
            Begin(o, 11, t.UInt64Data.Sum(v => (long)ComputeUInt64Size(v)));
            foreach (ulong v in t.UInt64Data) o.WriteUInt64(v);
        }
        Str(o, 12, t.DocString);
        foreach (StringStringEntryProto e in t.ExternalData) WriteEntry(o, 13, e);
        Int(o, 14, t.DataLocation);
    }

    private static void WriteValueInfo(CodedOutputStream o, int field, ValueInfoProto v)
    {
        Begin(o, field, SizeOf(v));
        Str(o, 1, v.Name);
        if (v.Type is not null)
        {
            Begin(o, 2, SizeOf(v.Type));
            if (v.Type.TensorType is { } tt)
            {
                Begin(o, 1, SizeOf(tt));
                Int(o, 1, tt.ElemType);
                if (tt.Shape is not null)
                {
                    Begin(o, 2, SizeOf(tt.Shape));
                    foreach (TensorShapeDimension d in tt.Shape.Dims)
                    {
                        Begin(o, 1, SizeOf(d));
                        if (d.Value is { } dv)
                        {
                            Tag(o, 1, Var);
                            o.WriteInt64(dv);
                        }
                        else if (d.Param is { } dp)
                        {
                            Tag(o, 2, Len);
                            o.WriteString(dp);
                        }
                        Str(o, 3, d.Denotation);
                    }
                }
            }
            Str(o, 6, v.Type.Denotation);
        }
        Str(o, 3, v.DocString);
    }
}
