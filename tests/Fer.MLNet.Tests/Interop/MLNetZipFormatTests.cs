using System.Buffers.Binary;
using System.Text;
using Fer.MLNet.Interop;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Persistence.Zip;
using Fer.MLNet.Transforms;
using Fer.Trainers.Backbones;

namespace Fer.MLNet.Tests.Interop;

/// <summary>The ML.NET zip written for an image classifier, checked against every rule of ../shared/formats/mlnet-zip.md.</summary>
public sealed class MLNetZipFormatTests(InteropPipelines images) : IClassFixture<InteropPipelines>
{
    private const string Token = ", Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";
    private const string Root = "TransformerChain";

    private MLNetExportResult Export(PixelColorMode colors = PixelColorMode.Grey, float[]? mean = null, float[]? std = null) =>
        MLNetModelExporter.Export(InteropPipelines.Pipeline(BackboneKind.Vgg, colors, 40, mean, std), images.PathView().Schema);

    [Fact]
    public void ExportToMLNet_Entries_AreTheChainsFoldersWithForwardSlashesAndDeflate()
    {
        byte[] zip = Export().Zip;
        var entries = CentralDirectory(zip);
        entries.Select(e => e.Name).Should().BeEquivalentTo(
            "TrainingInfo/Version.txt", $"{Root}/Model.key", $"{Root}/Transform_000/Model.key", $"{Root}/Transform_001/Model.key",
            $"{Root}/Transform_002/Model.key", $"{Root}/Transform_003/Model.key", $"{Root}/Transform_003/OnnxModel");
        entries.Should().AllSatisfy(e =>
        {
            e.Name.Should().NotContain("\\").And.NotContain("..");
            e.Method.Should().Be(8, $"{e.Name} is deflated");
        });
        Encoding.UTF8.GetString(SafeZipReader.Read(zip, "z").GetEntry("TrainingInfo/Version.txt").Span).Should().EndWith("\r\n");
    }

    public static TheoryData<string, string, string, uint, uint, string> Streams() => new()
    {
        { Root, "XF\0CHAIN", "TransformerChain", 0x00010001, 0x00010001, "Microsoft.ML.Data" },
        { $"{Root}/Transform_000", "IMGLOADR", "ImageLoaderTransform", 0x00010003, 0x00010003, "Microsoft.ML.ImageAnalytics" },
        { $"{Root}/Transform_001", "IMGSCALF", "ImageScalerTransform", 0x00010003, 0x00010003, "Microsoft.ML.ImageAnalytics" },
        { $"{Root}/Transform_002", "IMGPXEXT", "ImagePixelExtractor", 0x00010003, 0x00010002, "Microsoft.ML.ImageAnalytics" },
        { $"{Root}/Transform_003", "ONNXSCOR", "OnnxTransform", 0x00010003, 0x00010003, "Microsoft.ML.OnnxTransformer" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void ExportToMLNet_ModelKeys_HaveTheHeaderSignaturesVersionsAndAssemblies(string folder, string modelSignature, string loader, uint written, uint readable, string assembly)
    {
        byte[] key = SafeZipReader.Read(Export().Zip, "z").GetEntry(folder + "/Model.key").ToArray();
        ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(key.AsSpan(at));
        long I64(int at) => BinaryPrimitives.ReadInt64LittleEndian(key.AsSpan(at));
        uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(key.AsSpan(at));

        U64(0x00).Should().Be(0x4C45444F4D004C4DUL);
        (U32(0x08), U32(0x0C)).Should().Be((0x00010002u, 0x00010002u));
        I64(0x10).Should().Be(0x100, "the body follows the 256-byte header");
        long bodyEnd = 0x100 + I64(0x18);
        (long tableAt, long tableLength, long charsAt, long charsLength) = (I64(0x20), I64(0x28), I64(0x30), I64(0x38));
        if (tableLength > 0)
        {
            tableAt.Should().Be(bodyEnd, "the string table follows the body");
            charsAt.Should().Be(tableAt + tableLength, "the characters follow the table");
        }
        Encoding.ASCII.GetString(key, 0x40, 8).Should().Be(modelSignature.Replace(' ', '\0'));
        (U32(0x48), U32(0x4C)).Should().Be((written, readable));
        Encoding.ASCII.GetString(key, 0x50, 24).TrimEnd('\0').Should().Be(loader);
        key.AsSpan(0x68, 24).ToArray().Should().OnlyContain(b => b == 0, "no alternate loader signature");
        long tail = I64(0x80);
        I64(0x88).Should().Be(tail + 8);
        U64((int)tail).Should().Be(0x4D4C004D4F44454CUL);
        key.Length.Should().Be((int)tail + 8, "nothing after the tail");
        (long nameAt, uint nameBytes) = (I64(0x90), U32(0x98));
        nameAt.Should().Be(tableLength > 0 ? charsAt + charsLength : bodyEnd);
        Encoding.Unicode.GetString(key, (int)nameAt, (int)nameBytes).Should().Be(assembly + Token);
        key.AsSpan(0x9C, 0x100 - 0x9C).ToArray().Should().OnlyContain(b => b == 0);
        MLNetModelKey.Parse(key, "z", folder).LoaderSignature.Should().Be(loader);
    }

    [Fact]
    public void ExportToMLNet_Chain_IsFourStepsInScopeEverythingWithMatchingColumns()
    {
        MLNetExportResult result = Export();
        MLNetModel model = MLNetModel.Load(new MemoryStream(result.Zip), "z");
        var chain = (MLNetChainNode)model.Root;
        chain.Key.Body.ToArray().Should().Equal(Le(4, 7, 7, 7, 7));
        var records = model.DecodeTransformers();
        var load = (ImageLoadingTransformerRecord)records[0];
        var resize = (ImageResizingTransformerRecord)records[1];
        var extract = (ImagePixelExtractingTransformerRecord)records[2];
        var onnx = (OnnxTransformerRecord)records[3];

        load.Columns.Should().Equal(new MLNetColumnPair("Image", "ImagePath"));
        load.ImageFolder.Should().BeNull();
        load.OutputImageType.Should().BeTrue();
        resize.Columns.Should().Equal(new ImageResizingColumn("ImageResized", "Image", 40, 40, MLNetResizingKind.Fill, MLNetAnchor.Center));
        extract.Columns.Should().ContainSingle();
        PixelExtractingColumn px = extract.Columns[0];
        (px.Output, px.Input, px.Colors, px.Order, px.OutputAsFloat, px.Interleave).Should().Be(("input", "ImageResized", MLNetColorBits.Rgb, MLNetColorsOrder.Argb, true, false));
        onnx.InputColumns.Should().Equal("input");
        onnx.OutputColumns.Should().Equal("Score", "Features");
        onnx.CustomShapes.Should().BeEmpty();
        onnx.RecursionLimit.Should().Be(100);

        // The OnnxModel entry: int32 length, then the model, whose input and output names are the columns.
        ReadOnlyMemory<byte> entry = model.Archive.GetEntry($"{Root}/Transform_003/OnnxModel");
        BinaryPrimitives.ReadInt32LittleEndian(entry.Span).Should().Be(entry.Length - 4);
        OnnxModel graph = OnnxModel.Load(entry[4..].ToArray(), "embedded");
        graph.Inputs.Select(i => i.Name).Should().Equal(onnx.InputColumns);
        graph.Outputs.Select(o => o.Name).Should().Contain(onnx.OutputColumns);
        var dims = graph.Inputs[0].Shape!.Dims;
        dims.Select(d => d.ToString()).Should().Equal("N", "3", "40", "40");
        // ML.NET's check: the pixel vector's length is a multiple of the known dimensions' product.
        long known = dims.Where(d => d.Value is > 0).Aggregate(1L, (p, d) => p * d.Value!.Value);
        (3L * 40 * 40 % known).Should().Be(0);
        new OnnxGraphRunner(graph).InputNames.Should().Equal("input");
    }

    [Fact]
    public void ExportToMLNet_ReadBack_DecodesToTheSameRecordsAndRewritesTheSameBytes()
    {
        MLNetExportResult result = Export(PixelColorMode.Rgb, ImagePixelExtractingTransformer.ImageNetMean, ImagePixelExtractingTransformer.ImageNetStd);
        MLNetModel model = MLNetModel.Load(new MemoryStream(result.Zip), "z");
        IReadOnlyList<IMLNetTransformerRecord> decoded = model.DecodeTransformers();
        decoded.Select(r => r.LoaderSignature).Should().Equal(result.Transformers.Select(r => r.LoaderSignature));
        for (int i = 0; i < decoded.Count; i++)
        {
            decoded[i].ToModelKey().ToBytes().Should().Equal(result.Transformers[i].ToModelKey().ToBytes(), $"transformer {i}");
            var (a, b) = (decoded[i].ToSiblingEntries(), result.Transformers[i].ToSiblingEntries());
            a.Select(e => e.Key).Should().Equal(b.Select(e => e.Key), $"transformer {i}");
            a.Zip(b).All(p => p.First.Value.AsSpan().SequenceEqual(p.Second.Value)).Should().BeTrue($"transformer {i}'s sibling entries are the same bytes");
        }
        MLNetModelWriter.Write(decoded, model.VersionText).AsSpan().SequenceEqual(result.Zip).Should().BeTrue("rewriting the decoded chain gives the same zip");
    }

    [Fact]
    public void ExportToMLNet_Normalisation_GoesToTheExtractorWhenUniformAndIntoTheGraphOtherwise()
    {
        // Uniform: (pixel / 255 - 0.5) / 0.5 = (pixel - 127.5) * (2 / 255), all in the extractor.
        MLNetExportResult uniform = Export(PixelColorMode.Rgb, [0.5f], [0.5f]);
        PixelExtractingColumn px = ((ImagePixelExtractingTransformerRecord)uniform.Transformers[2]).Columns[0];
        px.Offset.Should().BeApproximately(127.5f, 1e-3f);
        px.Scale.Should().BeApproximately(2f / 255f, 1e-7f);
        OnnxModel.Load(uniform.Onnx.Model).Initializers.Keys.Should().NotContain(k => k.StartsWith("input_", StringComparison.Ordinal));

        // Per channel: the extractor scales, the graph subtracts and divides.
        MLNetExportResult perChannel = Export(PixelColorMode.Rgb, ImagePixelExtractingTransformer.ImageNetMean, ImagePixelExtractingTransformer.ImageNetStd);
        px = ((ImagePixelExtractingTransformerRecord)perChannel.Transformers[2]).Columns[0];
        (px.Offset, px.Scale).Should().Be((0f, 1f / 255f));
        var init = OnnxModel.Load(perChannel.Onnx.Model).Initializers;
        init["input_mean"].AsTensor().ToArray().Should().Equal(ImagePixelExtractingTransformer.ImageNetMean);
        init["input_std"].AsTensor().ToArray().Should().Equal(ImagePixelExtractingTransformer.ImageNetStd);

        // Grey: RGB is extracted and the graph takes BT.601 luma.
        MLNetExportResult grey = Export(PixelColorMode.Grey);
        init = OnnxModel.Load(grey.Onnx.Model).Initializers;
        init["input_luma"].AsTensor().Shape.ToArray().Should().Equal(1, 3, 1, 1);
        init["input_luma"].AsTensor().ToArray().Sum().Should().Be(1f);
        init.Keys.Should().NotContain("input_mean", "mean 0 and std 1 need no nodes");
    }

    private static List<(string Name, int Method)> CentralDirectory(byte[] zip)
    {
        int eocd = zip.Length - 22;
        while (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(eocd)) != 0x06054b50) eocd--;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(eocd + 10));
        int at = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(eocd + 16));
        var entries = new List<(string, int)>();
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)).Should().Be(0x02014b50u);
            int method = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 10));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            int extra = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30));
            int comment = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
            entries.Add((Encoding.UTF8.GetString(zip, at + 46, nameLength), method));
            at += 46 + nameLength + extra + comment;
        }
        return entries;
    }

    private static byte[] Le(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }
}
