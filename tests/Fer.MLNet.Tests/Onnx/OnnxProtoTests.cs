using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Tensors;
using Google.Protobuf;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Tests.Onnx;

/// <summary>The hand-written protobuf reader and writer: field numbers, packing, unknown fields, round trips.</summary>
public sealed class OnnxProtoTests
{
    private static OnnxGraphBuilder Rich()
    {
        var b = new OnnxGraphBuilder("rich", 15);
        b.AddInput("x", -1, 3, -1);
        b.AddInitializer("w", Tensor.FromArray(new[] { 1.5f, -2f, 0f, float.MaxValue, -0f, 1e-30f }, 2, 3));
        b.AddInitializer("shape", [0, -1], 2);
        b.AddNode("Constant", [], ["k"], "const", A.Tensor("value", OnnxGraphBuilder.FloatTensor(Tensor.Scalar(2f))));
        b.AddNode("Reshape", ["x", "shape"], ["r"], "reshape", A.Int("allowzero", 0));
        b.AddNode("Mul", ["r", "k"], ["y"], "scale");
        b.AddNode("Identity", ["w"], ["w_out"]);
        b.AddOutput("y", [-1, -1]);
        b.AddOutput("w_out", [2, 3]);
        b.AddMetadata("preprocess", "RGB / 255, NCHW");
        b.AddMetadata("labels", "neutral,happy,sad,angry,fear,disgust,surprise,contempt");
        return b;
    }

    [Fact]
    public void Read_BuilderOutput_GivesBackEveryField()
    {
        OnnxModel m = OnnxModel.Load(Rich().ToBytes());
        ModelProto p = m.Proto;
        p.IrVersion.Should().Be(OnnxGraphBuilder.IrVersion);
        p.ProducerName.Should().Be("FerMLNet");
        p.OpsetImports.Should().ContainSingle().Which.Version.Should().Be(15);
        p.Graph!.Name.Should().Be("rich");
        m.Metadata.Should().Equal(new Dictionary<string, string> { ["preprocess"] = "RGB / 255, NCHW", ["labels"] = "neutral,happy,sad,angry,fear,disgust,surprise,contempt" });
        ValueInfoProto x = m.Inputs.Single();
        x.ElementType.Should().Be(TensorDataType.Float);
        x.Shape!.Dims.Select(d => d.ToString()).Should().Equal("N", "3", "x_d2");
        m.Initializers["w"].AsTensor().ToArray().Should().Equal(1.5f, -2f, 0f, float.MaxValue, -0f, 1e-30f);
        m.Initializers["shape"].AsInt64().ToArray().Should().Equal(0L, -1L);
        NodeProto reshape = m.Nodes.Single(n => n.Name == "reshape");
        reshape.Inputs.Should().Equal("x", "shape");
        reshape.Attributes.Single().Should().Match<AttributeProto>(a => a.Name == "allowzero" && a.Type == AttributeType.Int && a.I == 0);
        m.Nodes.Single(n => n.Name == "const").Attributes.Single().T!.Dims.Should().BeEmpty();
    }

    [Fact]
    public void Write_ReadThenWrite_IsByteIdentical()
    {
        byte[] bytes = Rich().ToBytes();
        OnnxProtoWriter.Write(OnnxModel.Load(bytes).Proto).Should().Equal(bytes);
    }

    [Fact]
    public void Write_TorchExportedModel_RoundTripsToTheSameResults()
    {
        TorchModels.Model model = TorchModels.Get("cnn_opset13");
        byte[] rewritten = OnnxProtoWriter.Write(OnnxModel.Load(model.Path).Proto);
        var x = Tensor.FromArray(model.Inputs[0].Data, model.Inputs[0].Shape);
        OnnxGraphRunner.Load(model.Path).Run(x).ToArray().Should().Equal(new OnnxGraphRunner(OnnxModel.Load(rewritten)).Run(x).ToArray());
    }

    [Fact]
    public void Read_UnpackedRepeatedFieldsAndUnknownFields_AreAccepted()
    {
        // A model written field by field: dims and ints unpacked, float_data unpacked, unknown fields 99 and 1000 in several messages.
        var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        o.WriteTag(1, WireFormat.WireType.Varint); o.WriteInt64(7);
        o.WriteTag(99, WireFormat.WireType.LengthDelimited); o.WriteString("ignored");
        o.WriteTag(8, WireFormat.WireType.LengthDelimited); o.WriteBytes(Message(s => { s.WriteTag(2, WireFormat.WireType.Varint); s.WriteInt64(11); }));
        o.WriteTag(7, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(Message(g =>
        {
            g.WriteTag(5, WireFormat.WireType.LengthDelimited);
            g.WriteBytes(Message(t =>
            {
                t.WriteTag(1, WireFormat.WireType.Varint); t.WriteInt64(3);
                t.WriteTag(2, WireFormat.WireType.Varint); t.WriteInt32(1);
                t.WriteTag(1000, WireFormat.WireType.Fixed64); t.WriteDouble(1.0);
                foreach (float f in new[] { 1f, 2f, 3f }) { t.WriteTag(4, WireFormat.WireType.Fixed32); t.WriteFloat(f); }
                t.WriteTag(8, WireFormat.WireType.LengthDelimited); t.WriteString("c");
            }));
            g.WriteTag(1, WireFormat.WireType.LengthDelimited);
            g.WriteBytes(Message(n =>
            {
                n.WriteTag(1, WireFormat.WireType.LengthDelimited); n.WriteString("c");
                n.WriteTag(2, WireFormat.WireType.LengthDelimited); n.WriteString("y");
                n.WriteTag(4, WireFormat.WireType.LengthDelimited); n.WriteString("Unsqueeze");
                n.WriteTag(5, WireFormat.WireType.LengthDelimited);
                n.WriteBytes(Message(a =>
                {
                    a.WriteTag(1, WireFormat.WireType.LengthDelimited); a.WriteString("axes");
                    a.WriteTag(8, WireFormat.WireType.Varint); a.WriteInt64(0);
                    a.WriteTag(8, WireFormat.WireType.Varint); a.WriteInt64(-1);
                    a.WriteTag(20, WireFormat.WireType.Varint); a.WriteInt32(7);
                }));
            }));
            g.WriteTag(12, WireFormat.WireType.LengthDelimited); g.WriteBytes(Message(v => { v.WriteTag(1, WireFormat.WireType.LengthDelimited); v.WriteString("y"); }));
        }));
        o.Flush();
        var runner = new OnnxGraphRunner(OnnxModel.Load(ms.ToArray()));
        Tensor y = runner.RunValues(new Dictionary<string, OnnxValue>())["y"].AsTensor();
        y.Shape.ToArray().Should().Equal(1, 3, 1);
        y.ToArray().Should().Equal(1f, 2f, 3f);
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        var ms = new MemoryStream();
        var o = new CodedOutputStream(ms);
        write(o);
        o.Flush();
        return ByteString.CopyFrom(ms.ToArray());
    }

    [Fact]
    public void Read_InvalidUtf8Name_IsRejected()
    {
        byte[] bytes = [0x08, 0x07, 0x12, 0x02, 0xC3, 0x28];
        var act = () => OnnxModel.Load(bytes, "m");
        act.Should().Throw<OnnxFormatException>().WithMessage("*not valid UTF-8*");
    }

    [Fact]
    public void Read_OverlongVarint_IsRejected()
    {
        byte[] bytes = [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        var act = () => OnnxModel.Load(bytes, "m");
        act.Should().Throw<OnnxFormatException>().WithMessage("*varint*");
    }

    [Fact]
    public void Read_LengthPastEnd_NamesTheOffset()
    {
        byte[] bytes = [0x08, 0x07, 0x3A, 0x7F, 0x00];
        var act = () => OnnxModel.Load(bytes, "m");
        act.Should().Throw<OnnxFormatException>().WithMessage("*length 127 at byte 3 runs past the end of its message*");
    }

    [Fact]
    public void Builder_DuplicateNames_AreRejected()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 2);
        var dupInit = () => b.AddInitializer("x", Tensor.Zeros(2));
        dupInit.Should().Throw<ArgumentException>().WithMessage("*'x' is already used*");
        b.AddNode("Relu", ["x"], ["y"]);
        var dupOut = () => b.AddNode("Relu", ["x"], ["y"]);
        dupOut.Should().Throw<ArgumentException>().WithMessage("*'y' is already used*");
        var dupMeta = () => { b.AddMetadata("k", "1"); b.AddMetadata("k", "2"); };
        dupMeta.Should().Throw<ArgumentException>().WithMessage("*metadata key 'k'*");
    }

    [Fact]
    public void Builder_WithoutOutputs_CannotBuild()
    {
        var b = new OnnxGraphBuilder();
        b.AddInput("x", 2);
        var act = () => b.ToBytes();
        act.Should().Throw<InvalidOperationException>().WithMessage("*AddOutput*");
    }

    [Fact]
    public void Builder_Save_WritesLoadableFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fer-builder-{Guid.NewGuid():N}.onnx");
        try
        {
            Rich().Save(path);
            File.ReadAllBytes(path).Should().Equal(Rich().ToBytes());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OnnxValue_KindsAndConversions()
    {
        OnnxValue ints = OnnxValue.FromInt64([1, -2, 3, 4], 2, 2);
        ints.Kind.Should().Be(OnnxValueKind.Int64);
        ints.ToFloatTensor().ToArray().Should().Equal(1f, -2f, 3f, 4f);
        var asTensor = () => ints.AsTensor();
        asTensor.Should().Throw<InvalidOperationException>().WithMessage("*int64 data of shape [2, 2]*");
        var badShape = () => OnnxValue.FromInt64([1, 2, 3], 2, 2);
        badShape.Should().Throw<ArgumentException>().WithMessage("*3 elements but shape [2, 2] needs 4*");
        OnnxValue floats = OnnxValue.FromTensor(Tensor.Zeros(3));
        var asInts = () => floats.AsInt64().ToArray();
        asInts.Should().Throw<InvalidOperationException>();
    }
}
