using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Tests.Persistence.MLNetFormat;

public sealed class MLNetModelWriterTests
{
    private const string Token = "Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51";
    private static readonly byte[] Onnx = Encoding.ASCII.GetBytes("\x08\x07\x12\x04fake-onnx-model-proto");

    internal static IMLNetTransformerRecord[] ImageChain() =>
    [
        new ImageLoadingTransformerRecord([new MLNetColumnPair("Image", "ImagePath")], imageFolder: "imgs"),
        new ImageResizingTransformerRecord([new ImageResizingColumn("ImageResized", "Image", 48, 48, MLNetResizingKind.Fill, MLNetAnchor.Center)]),
        new ImagePixelExtractingTransformerRecord([new PixelExtractingColumn("Pixels", "ImageResized", MLNetColorBits.Rgb, MLNetColorsOrder.Argb, true, 128f, 1f / 128, false)]),
        new OnnxTransformerRecord(["Pixels"], ["Score"], Onnx, [new OnnxCustomShape("Pixels", [1, 3, 48, 48])]),
    ];

    /// <summary>Little-endian body bytes written by hand from the format note (the oracle).</summary>
    private static byte[] Le(params object[] fields)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        foreach (object f in fields)
        {
            switch (f)
            {
                case int i: w.Write(i); break;
                case byte b: w.Write(b); break;
                case float x: w.Write(x); break;
                default: throw new ArgumentException(f.GetType().Name);
            }
        }
        w.Flush();
        return ms.ToArray();
    }

    public static TheoryData<string, string, string, uint, uint, string, string[], byte[]> ExpectedStreams() => new()
    {
        { "TransformerChain", "XF\0CHAIN", "TransformerChain", 0x00010001, 0x00010001, "Microsoft.ML.Data", [], Le(4, 7, 7, 7, 7) },
        { "TransformerChain/Transform_000", "IMGLOADR", "ImageLoaderTransform", 0x00010003, 0x00010003, "Microsoft.ML.ImageAnalytics",
            ["Image", "ImagePath", "imgs"], Le(1, 0, 1, 2, (byte)1) },
        { "TransformerChain/Transform_001", "IMGSCALF", "ImageScalerTransform", 0x00010003, 0x00010003, "Microsoft.ML.ImageAnalytics",
            ["ImageResized", "Image"], Le(1, 0, 1, 48, 48, (byte)2, (byte)4) },
        { "TransformerChain/Transform_002", "IMGPXEXT", "ImagePixelExtractor", 0x00010003, 0x00010002, "Microsoft.ML.ImageAnalytics",
            ["Pixels", "ImageResized"], Le(1, 0, 1, (byte)0x0E, (byte)1, (byte)1, 128f, 1f / 128, (byte)0) },
        { "TransformerChain/Transform_003", "ONNXSCOR", "OnnxTransform", 0x00010003, 0x00010003, "Microsoft.ML.OnnxTransformer",
            ["Pixels", "Score"], Le(1, 0, 1, 1, 1, 0, 4, 1, 3, 48, 48, 100) },
    };

    [Theory]
    [MemberData(nameof(ExpectedStreams))]
    public void Write_ImageChain_EachModelKeyMatchesTheFormatNote(string folder, string modelSignature, string loader,
        uint written, uint readable, string assembly, string[] strings, byte[] body)
    {
        SafeZipArchive archive = SafeZipReader.Read(MLNetModelWriter.Write(ImageChain()), "written.zip");
        byte[] raw = archive.GetEntry(folder + "/Model.key").ToArray();

        // Raw header fields, read without our parser.
        BinaryPrimitives.ReadUInt64LittleEndian(raw).Should().Be(0x4C45444F4D004C4DUL);
        BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(0x08)).Should().Be(0x00010002u);
        BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(0x0C)).Should().Be(0x00010002u);
        BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(0x10)).Should().Be(0x100);
        Encoding.ASCII.GetString(raw, 0x40, 8).Should().Be(modelSignature);
        BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(0x48)).Should().Be(written);
        BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(0x4C)).Should().Be(readable);
        Encoding.ASCII.GetString(raw, 0x50, 24).TrimEnd('\0').Should().Be(loader);
        raw.AsSpan(0x68, 24).ToArray().Should().OnlyContain(b => b == 0);
        long assemblyAt = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(0x90));
        uint assemblyBytes = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(0x98));
        Encoding.Unicode.GetString(raw, (int)assemblyAt, (int)assemblyBytes).Should().Be($"{assembly}, {Token}");
        long tailAt = BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(0x80));
        tailAt.Should().Be(raw.Length - 8);
        BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan((int)tailAt)).Should().Be(0x4D4C004D4F44454CUL);
        raw.AsSpan(0x100, body.Length).ToArray().Should().Equal(body, "the body is exactly the fields of the format note");
        BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(0x18)).Should().Be(body.Length, "the body is consumed exactly");

        // And through the strict parser: string table and every boundary.
        MLNetModelKey key = MLNetModelKey.Parse(raw, "written.zip", folder + "/Model.key");
        key.Strings.Should().Equal(strings);
        key.Body.ToArray().Should().Equal(body);
    }

    [Fact]
    public void Write_ImageChain_EntriesUseSlashAndDeflateAndOnnxHasLengthPrefix()
    {
        byte[] zip = MLNetModelWriter.Write(ImageChain());
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);

        archive.Entries.Select(e => e.FullName).Should().BeEquivalentTo(
            "TrainingInfo/Version.txt", "TransformerChain/Model.key", "TransformerChain/Transform_000/Model.key",
            "TransformerChain/Transform_001/Model.key", "TransformerChain/Transform_002/Model.key",
            "TransformerChain/Transform_003/Model.key", "TransformerChain/Transform_003/OnnxModel");
        CentralDirectoryMethods(zip).Should().OnlyContain(m => m == 8, "every entry is deflated");

        using var onnx = archive.GetEntry("TransformerChain/Transform_003/OnnxModel")!.Open();
        var bytes = new MemoryStream();
        onnx.CopyTo(bytes);
        bytes.ToArray().Should().Equal([.. BitConverter.GetBytes(Onnx.Length), .. Onnx]);
    }

    [Fact]
    public void Write_SameChainTwice_SameBytes()
    {
        MLNetModelWriter.Write(ImageChain()).Should().Equal(MLNetModelWriter.Write(ImageChain()));
    }

    [Fact]
    public void Load_WrittenChain_DecodesToTheSameRecords()
    {
        IMLNetTransformerRecord[] original = ImageChain();
        MLNetModel model = MLNetModel.Load(new MemoryStream(MLNetModelWriter.Write(original, "test 1.0")), "written.zip");

        model.EnsureSupported();
        IReadOnlyList<IMLNetTransformerRecord> decoded = model.DecodeTransformers();

        model.VersionText.Should().Be("test 1.0");
        model.HasSchema.Should().BeFalse();
        decoded.Select(d => d.GetType()).Should().Equal(original.Select(o => o.GetType()));
        var loader = (ImageLoadingTransformerRecord)decoded[0];
        loader.Columns.Should().Equal(new MLNetColumnPair("Image", "ImagePath"));
        loader.ImageFolder.Should().Be("imgs");
        loader.OutputImageType.Should().BeTrue();
        ((ImageResizingTransformerRecord)decoded[1]).Columns.Should().Equal(((ImageResizingTransformerRecord)original[1]).Columns);
        ((ImagePixelExtractingTransformerRecord)decoded[2]).Columns.Should().Equal(((ImagePixelExtractingTransformerRecord)original[2]).Columns);
        var onnx = (OnnxTransformerRecord)decoded[3];
        onnx.InputColumns.Should().Equal("Pixels");
        onnx.OutputColumns.Should().Equal("Score");
        onnx.CustomShapes.Should().ContainSingle().Which.Shape.Should().Equal(1, 3, 48, 48);
        onnx.RecursionLimit.Should().Be(100);
        onnx.OnnxModel.ToArray().Should().Equal(Onnx);
        decoded.Select(d => d.ToModelKey().ToBytes()).Should().BeEquivalentTo(original.Select(o => o.ToModelKey().ToBytes()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Save_ExistingFile_ReplacedAtomicallyWithSameBytesAsWrite()
    {
        string folder = Directory.CreateTempSubdirectory("fer-mlnet-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.zip");
            File.WriteAllText(path, "old");

            MLNetModelWriter.Save(path, ImageChain());

            File.ReadAllBytes(path).Should().Equal(MLNetModelWriter.Write(ImageChain()));
            Directory.GetFiles(folder).Should().Equal(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Write_NoTransformer_Throws()
    {
        Action write = () => MLNetModelWriter.Write([]);

        write.Should().Throw<ArgumentException>().WithMessage("*at least one transformer*");
    }

    private static List<ushort> CentralDirectoryMethods(byte[] zip)
    {
        int end = zip.Length - 22;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        int at = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        var methods = new List<ushort>();
        for (int i = 0; i < count; i++)
        {
            methods.Add(BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 10)));
            at += 46 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28))
                + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
        }
        return methods;
    }
}
