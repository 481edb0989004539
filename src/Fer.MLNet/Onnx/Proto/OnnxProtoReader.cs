namespace Fer.MLNet.Onnx.Proto;

/// <summary>
/// Parses a serialised <see cref="ModelProto"/> with the field numbers of onnx.proto. Unknown
/// fields are skipped as protobuf requires; known fields with the wrong wire type, malformed
/// encodings and exceeded limits fail with an <see cref="OnnxFormatException"/> naming the file and
/// the message path (e.g. <c>graph.node[12].attribute[1]</c>).
/// </summary>
internal sealed partial class OnnxProtoReader
{
    private readonly string source;
    private readonly OnnxLoadOptions options;
    private readonly List<string> path = [];
    private int messages;
    private int nodes;
    private int initializers;

    private OnnxProtoReader(string source, OnnxLoadOptions options)
    {
        this.source = source;
        this.options = options;
    }

    /// <summary>Reads a whole model from <paramref name="buffer"/>; tensors' raw data point into the buffer.</summary>
    public static ModelProto ReadModel(byte[] buffer, string source, OnnxLoadOptions options)
    {
        var reader = new OnnxProtoReader(source, options);
        try
        {
            return reader.Model(new ProtoWireReader(buffer, 0, buffer.Length));
        }
        catch (ProtoWireException e)
        {
            string where = reader.path.Count == 0 ? "ModelProto" : string.Join('.', reader.path);
            throw new OnnxFormatException($"not a valid ONNX protobuf file: {e.Message} (while reading {where}).", source, innerException: e);
        }
    }

    private ModelProto Model(ProtoWireReader r)
    {
        var m = new ModelProto();
        bool any = false;
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            any = true;
            switch (field)
            {
                case 1: Expect(wire, ProtoWireReader.Varint, "ModelProto.ir_version"); m.IrVersion = r.ReadInt64(); break;
                case 2: Expect(wire, ProtoWireReader.LengthDelimited, "ModelProto.producer_name"); m.ProducerName = r.ReadString(); break;
                case 3: Expect(wire, ProtoWireReader.LengthDelimited, "ModelProto.producer_version"); m.ProducerVersion = r.ReadString(); break;
                case 4: Expect(wire, ProtoWireReader.LengthDelimited, "ModelProto.domain"); m.Domain = r.ReadString(); break;
                case 5: Expect(wire, ProtoWireReader.Varint, "ModelProto.model_version"); m.ModelVersion = r.ReadInt64(); break;
                case 6: Expect(wire, ProtoWireReader.LengthDelimited, "ModelProto.doc_string"); m.DocString = r.ReadString(); break;
                case 7:
                    Expect(wire, ProtoWireReader.LengthDelimited, "ModelProto.graph");
                    path.Add("graph");
                    m.Graph = Graph(r.ReadMessage());
                    path.RemoveAt(path.Count - 1);
                    break;
                case 8:
                    Expect(wire, ProtoWireReader.LengthDelimited, "ModelProto.opset_import");
                    path.Add($"opset_import[{m.OpsetImports.Count}]");
                    m.OpsetImports.Add(Opset(r.ReadMessage()));
                    path.RemoveAt(path.Count - 1);
                    break;
                case 14:
                    Expect(wire, ProtoWireReader.LengthDelimited, "ModelProto.metadata_props");
                    path.Add($"metadata_props[{m.MetadataProps.Count}]");
                    m.MetadataProps.Add(Entry(r.ReadMessage()));
                    path.RemoveAt(path.Count - 1);
                    break;
                case 20: m.HasTrainingInfo = true; r.Skip(wire); break;
                case 25: m.HasFunctions = true; r.Skip(wire); break;
                default: r.Skip(wire); break;
            }
        }
        if (!any) throw new ProtoWireException("the file is empty");
        return m;
    }

    private GraphProto Graph(ProtoWireReader r)
    {
        Count();
        var g = new GraphProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    Expect(wire, ProtoWireReader.LengthDelimited, "GraphProto.node");
                    if (++nodes > options.MaxNodes) Limit($"more than {options.MaxNodes} nodes (OnnxLoadOptions.MaxNodes)");
                    path.Add($"node[{g.Nodes.Count}]");
                    g.Nodes.Add(Node(r.ReadMessage()));
                    path.RemoveAt(path.Count - 1);
                    break;
                case 2: Expect(wire, ProtoWireReader.LengthDelimited, "GraphProto.name"); g.Name = r.ReadString(); break;
                case 5:
                    Expect(wire, ProtoWireReader.LengthDelimited, "GraphProto.initializer");
                    if (++initializers > options.MaxInitializers) Limit($"more than {options.MaxInitializers} initializers (OnnxLoadOptions.MaxInitializers)");
                    path.Add($"initializer[{g.Initializers.Count}]");
                    g.Initializers.Add(Tensor(r.ReadMessage()));
                    path.RemoveAt(path.Count - 1);
                    break;
                case 10: Expect(wire, ProtoWireReader.LengthDelimited, "GraphProto.doc_string"); g.DocString = r.ReadString(); break;
                case 11: g.Inputs.Add(ValueInfo(ref r, wire, "input", g.Inputs.Count)); break;
                case 12: g.Outputs.Add(ValueInfo(ref r, wire, "output", g.Outputs.Count)); break;
                case 13: g.ValueInfo.Add(ValueInfo(ref r, wire, "value_info", g.ValueInfo.Count)); break;
                case 15: g.HasSparseInitializers = true; r.Skip(wire); break;
                default: r.Skip(wire); break;
            }
        }
        return g;
    }

    private ValueInfoProto ValueInfo(ref ProtoWireReader outer, int wire, string what, int index)
    {
        Expect(wire, ProtoWireReader.LengthDelimited, "GraphProto." + what);
        path.Add($"{what}[{index}]");
        Count();
        ProtoWireReader r = outer.ReadMessage();
        var v = new ValueInfoProto();
        while (!r.AtEnd)
        {
            var (field, w) = r.ReadTag();
            switch (field)
            {
                case 1: Expect(w, ProtoWireReader.LengthDelimited, "ValueInfoProto.name"); v.Name = r.ReadString(); break;
                case 2: Expect(w, ProtoWireReader.LengthDelimited, "ValueInfoProto.type"); v.Type = Type(r.ReadMessage()); break;
                case 3: Expect(w, ProtoWireReader.LengthDelimited, "ValueInfoProto.doc_string"); v.DocString = r.ReadString(); break;
                default: r.Skip(w); break;
            }
        }
        path.RemoveAt(path.Count - 1);
        return v;
    }

    private TypeProto Type(ProtoWireReader r)
    {
        Count();
        var t = new TypeProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1: Expect(wire, ProtoWireReader.LengthDelimited, "TypeProto.tensor_type"); t.TensorType = TensorType(r.ReadMessage()); break;
                case 4 or 5 or 8 or 9: t.HasNonTensorType = true; r.Skip(wire); break;
                case 6: Expect(wire, ProtoWireReader.LengthDelimited, "TypeProto.denotation"); t.Denotation = r.ReadString(); break;
                default: r.Skip(wire); break;
            }
        }
        return t;
    }

    private TensorTypeProto TensorType(ProtoWireReader r)
    {
        Count();
        var t = new TensorTypeProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1: Expect(wire, ProtoWireReader.Varint, "TypeProto.Tensor.elem_type"); t.ElemType = r.ReadInt32(); break;
                case 2: Expect(wire, ProtoWireReader.LengthDelimited, "TypeProto.Tensor.shape"); t.Shape = Shape(r.ReadMessage()); break;
                default: r.Skip(wire); break;
            }
        }
        return t;
    }

    private TensorShapeProto Shape(ProtoWireReader r)
    {
        Count();
        var s = new TensorShapeProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            if (field != 1)
            {
                r.Skip(wire);
                continue;
            }
            Expect(wire, ProtoWireReader.LengthDelimited, "TensorShapeProto.dim");
            if (s.Dims.Count >= options.MaxRank) Limit($"a declared shape has more than {options.MaxRank} dimensions (OnnxLoadOptions.MaxRank)");
            Count();
            ProtoWireReader d = r.ReadMessage();
            var dim = new TensorShapeDimension();
            while (!d.AtEnd)
            {
                var (f, w) = d.ReadTag();
                switch (f)
                {
                    case 1: Expect(w, ProtoWireReader.Varint, "Dimension.dim_value"); dim.Value = d.ReadInt64(); dim.Param = null; break;
                    case 2: Expect(w, ProtoWireReader.LengthDelimited, "Dimension.dim_param"); dim.Param = d.ReadString(); dim.Value = null; break;
                    case 3: Expect(w, ProtoWireReader.LengthDelimited, "Dimension.denotation"); dim.Denotation = d.ReadString(); break;
                    default: d.Skip(w); break;
                }
            }
            s.Dims.Add(dim);
        }
        return s;
    }

    private NodeProto Node(ProtoWireReader r)
    {
        Count();
        var n = new NodeProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1: Expect(wire, ProtoWireReader.LengthDelimited, "NodeProto.input"); Count(); n.Inputs.Add(r.ReadString()); break;
                case 2: Expect(wire, ProtoWireReader.LengthDelimited, "NodeProto.output"); Count(); n.Outputs.Add(r.ReadString()); break;
                case 3: Expect(wire, ProtoWireReader.LengthDelimited, "NodeProto.name"); n.Name = r.ReadString(); break;
                case 4: Expect(wire, ProtoWireReader.LengthDelimited, "NodeProto.op_type"); n.OpType = r.ReadString(); break;
                case 5:
                    Expect(wire, ProtoWireReader.LengthDelimited, "NodeProto.attribute");
                    path.Add($"attribute[{n.Attributes.Count}]");
                    n.Attributes.Add(Attribute(r.ReadMessage()));
                    path.RemoveAt(path.Count - 1);
                    break;
                case 6: Expect(wire, ProtoWireReader.LengthDelimited, "NodeProto.doc_string"); n.DocString = r.ReadString(); break;
                case 7: Expect(wire, ProtoWireReader.LengthDelimited, "NodeProto.domain"); n.Domain = r.ReadString(); break;
                default: r.Skip(wire); break;
            }
        }
        return n;
    }

    private AttributeProto Attribute(ProtoWireReader r)
    {
        Count();
        var a = new AttributeProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1: Expect(wire, ProtoWireReader.LengthDelimited, "AttributeProto.name"); a.Name = r.ReadString(); break;
                case 2: Expect(wire, ProtoWireReader.Fixed32, "AttributeProto.f"); a.F = r.ReadFloat(); break;
                case 3: Expect(wire, ProtoWireReader.Varint, "AttributeProto.i"); a.I = r.ReadInt64(); break;
                case 4: Expect(wire, ProtoWireReader.LengthDelimited, "AttributeProto.s"); a.S = r.ReadBytes().ToArray(); break;
                case 5: Expect(wire, ProtoWireReader.LengthDelimited, "AttributeProto.t"); a.T = Tensor(r.ReadMessage()); break;
                case 7: PackedFloats(ref r, wire, a.Floats, "AttributeProto.floats"); break;
                case 8: PackedVarints(ref r, wire, a.Ints, "AttributeProto.ints"); break;
                case 9: Expect(wire, ProtoWireReader.LengthDelimited, "AttributeProto.strings"); Count(); a.Strings.Add(r.ReadBytes().ToArray()); break;
                case 10: Expect(wire, ProtoWireReader.LengthDelimited, "AttributeProto.tensors"); a.Tensors.Add(Tensor(r.ReadMessage())); break;
                case 13: Expect(wire, ProtoWireReader.LengthDelimited, "AttributeProto.doc_string"); a.DocString = r.ReadString(); break;
                case 20:
                    Expect(wire, ProtoWireReader.Varint, "AttributeProto.type");
                    a.Type = (AttributeType)r.ReadInt32();
                    break;
                case 21: Expect(wire, ProtoWireReader.LengthDelimited, "AttributeProto.ref_attr_name"); a.RefAttrName = r.ReadString(); break;
                // Sub-graphs (6, 11), sparse tensors (22, 23) and types (14, 15): content skipped, the type field says what it was.
                default: r.Skip(wire); break;
            }
        }
        return a;
    }

    private TensorProto Tensor(ProtoWireReader r)
    {
        Count();
        var t = new TensorProto();
        var floats = new List<float>();
        var int32s = new List<long>();
        var int64s = new List<long>();
        var doubles = new List<double>();
        var uint64s = new List<long>();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    PackedVarints(ref r, wire, t.Dims, "TensorProto.dims");
                    if (t.Dims.Count > options.MaxRank) Limit($"a tensor has more than {options.MaxRank} dimensions (OnnxLoadOptions.MaxRank)");
                    break;
                case 2: Expect(wire, ProtoWireReader.Varint, "TensorProto.data_type"); t.DataType = r.ReadInt32(); break;
                case 3: t.HasSegment = true; r.Skip(wire); break;
                case 4: PackedFloats(ref r, wire, floats, "TensorProto.float_data"); break;
                case 5: PackedVarints(ref r, wire, int32s, "TensorProto.int32_data"); break;
                case 6: Expect(wire, ProtoWireReader.LengthDelimited, "TensorProto.string_data"); r.Skip(wire); t.StringDataCount++; break;
                case 7: PackedVarints(ref r, wire, int64s, "TensorProto.int64_data"); break;
                case 8: Expect(wire, ProtoWireReader.LengthDelimited, "TensorProto.name"); t.Name = r.ReadString(); break;
                case 9: Expect(wire, ProtoWireReader.LengthDelimited, "TensorProto.raw_data"); t.RawData = r.ReadBytes(); t.HasRawData = true; break;
                case 10: PackedDoubles(ref r, wire, doubles, "TensorProto.double_data"); break;
                case 11: PackedVarints(ref r, wire, uint64s, "TensorProto.uint64_data"); break;
                case 12: Expect(wire, ProtoWireReader.LengthDelimited, "TensorProto.doc_string"); t.DocString = r.ReadString(); break;
                case 13:
                    Expect(wire, ProtoWireReader.LengthDelimited, "TensorProto.external_data");
                    path.Add($"external_data[{t.ExternalData.Count}]");
                    t.ExternalData.Add(Entry(r.ReadMessage()));
                    path.RemoveAt(path.Count - 1);
                    break;
                case 14: Expect(wire, ProtoWireReader.Varint, "TensorProto.data_location"); t.DataLocation = r.ReadInt32(); break;
                default: r.Skip(wire); break;
            }
        }
        t.FloatData = [.. floats];
        t.Int32Data = int32s.Select(v => unchecked((int)v)).ToArray();
        t.Int64Data = [.. int64s];
        t.DoubleData = [.. doubles];
        t.UInt64Data = uint64s.Select(v => unchecked((ulong)v)).ToArray();
        return t;
    }

    private OperatorSetIdProto Opset(ProtoWireReader r)
    {
        Count();
        var o = new OperatorSetIdProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1: Expect(wire, ProtoWireReader.LengthDelimited, "OperatorSetIdProto.domain"); o.Domain = r.ReadString(); break;
                case 2: Expect(wire, ProtoWireReader.Varint, "OperatorSetIdProto.version"); o.Version = r.ReadInt64(); break;
                default: r.Skip(wire); break;
            }
        }
        return o;
    }

    private StringStringEntryProto Entry(ProtoWireReader r)
    {
        Count();
        var e = new StringStringEntryProto();
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1: Expect(wire, ProtoWireReader.LengthDelimited, "StringStringEntryProto.key"); e.Key = r.ReadString(); break;
                case 2: Expect(wire, ProtoWireReader.LengthDelimited, "StringStringEntryProto.value"); e.Value = r.ReadString(); break;
                default: r.Skip(wire); break;
            }
        }
        return e;
    }

    private void Count()
    {
        if (++messages > options.MaxMessages)
            Limit($"more than {options.MaxMessages} protobuf messages (OnnxLoadOptions.MaxMessages)");
    }

    private static void Expect(int wire, int expected, string field)
    {
        if (wire != expected)
            throw new ProtoWireException($"field {field} has wire type {wire}, expected {expected}");
    }

    private void Limit(string what)
    {
        string where = path.Count == 0 ? "" : $" (at {string.Join('.', path)})";
        throw new OnnxFormatException($"the model exceeds a load limit: {what}{where}.", source);
    }
}
