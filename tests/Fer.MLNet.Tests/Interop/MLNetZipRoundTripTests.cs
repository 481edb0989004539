using System.Buffers.Binary;
using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Tensors;
using Fer.Testing;
using Fer.Trainers.Backbones;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Interop;

/// <summary>ML.NET zips we write, loaded back with LoadMLNet and run on our engine, against the pipeline they came from.</summary>
public sealed class MLNetZipRoundTripTests(InteropPipelines images, ITestOutputHelper output) : IClassFixture<InteropPipelines>
{
    public static TheoryData<string, BackboneKind, PixelColorMode, float[]?, float[]?> Variants() => new()
    {
        { "grey", BackboneKind.Vgg, PixelColorMode.Grey, null, null },
        { "rgb-imagenet", BackboneKind.ResNet18, PixelColorMode.Rgb, ImagePixelExtractingTransformer.ImageNetMean, ImagePixelExtractingTransformer.ImageNetStd },
        { "rgb-uniform", BackboneKind.MobileFaceNet, PixelColorMode.Rgb, [0.5f], [0.5f] },
    };

    private float[] Scores(ITransformer model, string pathColumn) =>
        [.. DataValues.Column<float[]>(model.Transform(images.PathView(pathColumn)), "Score").SelectMany(v => v)];

    [Theory]
    [MemberData(nameof(Variants))]
    public void LoadMLNet_ExportedClassifier_ScoresLikeTheOriginalPipeline(string name, BackboneKind backbone, PixelColorMode colors, float[]? mean, float[]? std)
    {
        var fer = new FerContext(1);
        string path = Path.Combine(images.Folder, $"mlnet-{name}.zip");
        // ML.NET's Fill resize samples the nearest pixel, as LoadMLNet does; the original resizes the same way here.
        TransformerChain<ITransformer> original = InteropPipelines.Pipeline(backbone, colors, 40, mean, std, ResizeMode.Nearest);
        fer.Model.ExportToMLNet(original, images.PathView().Schema, path);

        TransformerChain<ITransformer> loaded = fer.Model.LoadMLNet(path, out DataViewSchema inputSchema);
        inputSchema.Select(c => (c.Name, c.Type)).Should().Equal(("ImagePath", (DataViewType)TextDataViewType.Instance));
        loaded.Select(t => ((Fer.MLNet.Model.IPersistentTransformer)t).Kind).Should().Equal("LoadImages", "ResizeImages", "ExtractPixels", "ApplyOnnxModel");
        IDataView scored = loaded.Transform(images.PathView("ImagePath"));
        scored.Schema["Score"].Annotations.SlotNames.Should().Equal(InteropPipelines.Classes);

        float[] expected = Scores(original, "Path"), actual = Scores(loaded, "ImagePath");
        var agreement = Agreement.Of(expected, actual);
        output.WriteLine($"{name}: LoadMLNet vs original pipeline (nearest resize): {agreement}");
        // Grey: the original rounds luma to a byte, the graph keeps it exact; two of the images are colour.
        double tolerance = colors == PixelColorMode.Grey ? 5e-3 : 1e-4;
        agreement.MaxAbs.Should().BeLessThanOrEqualTo(tolerance);

        // Against the same pipeline resizing bilinearly (what it was trained with): the difference ML.NET's nearest resize makes.
        float[] bilinear = Scores(InteropPipelines.Pipeline(backbone, colors, 40, mean, std, ResizeMode.Bilinear), "Path");
        output.WriteLine($"{name}: LoadMLNet vs original pipeline (bilinear resize): {Agreement.Of(bilinear, actual)}");
    }

    [SkippableFact]
    public void LoadMLNet_FerPlusFaces_ScoresLikeTheOriginalPipeline()
    {
        string[] faces = TestImages.FerPlusPaths(24);
        var data = TestImages.PathView(faces);
        TransformerChain<ITransformer> original = InteropPipelines.Pipeline(BackboneKind.ResNet18, PixelColorMode.Grey, 48);
        byte[] zip = MLNetModelExporter.Export(original, data.Schema).Zip;
        TransformerChain<ITransformer> loaded = MLNetModelImporter.Load(new MemoryStream(zip), "ferplus.zip", out _);
        float[] expected = [.. DataValues.Column<float[]>(original.Transform(data), "Score").SelectMany(v => v)];
        var renamed = new InMemoryDataView(new DataViewSchema.Builder().AddColumn("ImagePath", TextDataViewType.Instance).ToSchema(), [[.. faces]]);
        float[] actual = [.. DataValues.Column<float[]>(loaded.Transform(renamed), "Score").SelectMany(v => v)];
        var agreement = Agreement.Of(expected, actual);
        output.WriteLine($"24 FER+ faces (48x48 grey, resize is the identity): LoadMLNet vs original: {agreement}");
        agreement.MaxRel.Should().BeLessThanOrEqualTo(1e-4);
    }

    [Fact]
    public void ExportToMLNet_UnknownPreprocessing_AsksForIt()
    {
        var classifier = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 40);
        DataViewSchema schema = new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType(1, 40, 40)).ToSchema();
        var act = () => MLNetModelExporter.Export(classifier, schema);
        act.Should().Throw<ArgumentException>().WithMessage("*preprocessing*unknown*OnnxExportOptions.Preprocessing*");

        var given = new MLNetExportOptions { Onnx = new OnnxExportOptions { Preprocessing = new ImagePreprocessing(40, 40, PixelColorMode.Grey) } };
        MLNetModelExporter.Export(classifier, schema, given).Transformers.Should().HaveCount(4);
    }

    [SkippableFact]
    public void LoadMLNet_RealMLNetZips_NameTheFirstTransformerTheyCannotRun()
    {
        string folder = SharedData.Require("golden/mlnet-zips");
        int checkedZips = 0, legacyZips = 0;
        foreach (string file in Directory.GetFiles(folder, "*.zip").Order(StringComparer.Ordinal))
        {
            MLNetModel model;
            try
            {
                model = MLNetModel.Load(file);
            }
            catch (ModelFormatException e)
            {
                // Legacy layouts (no TransformerChain) are refused by the reader with a clear message.
                var refused = () => MLNetModelImporter.Load(file, out _);
                refused.Should().Throw<ModelFormatException>().WithMessage(e.Message);
                legacyZips++;
                continue;
            }
            MLNetLeafNode first = model.Leaves().First(l => !MLNetTransformerCodec.IsSupported(l.LoaderSignature));
            var act = () => MLNetModelImporter.Load(file, out _);
            act.Should().Throw<UnsupportedTransformerException>().Which.Message.Should()
                .Contain($"'{first.LoaderSignature}'").And.Contain(first.EntryName).And.Contain("OnnxTransform");
            checkedZips++;
        }
        output.WriteLine($"{checkedZips} real ML.NET zips refused naming their first unsupported transformer; {legacyZips} legacy-layout zips refused by the reader");
        checkedZips.Should().BeGreaterThanOrEqualTo(5);
        (checkedZips + legacyZips).Should().Be(Directory.GetFiles(folder, "*.zip").Length);
    }

    [Fact]
    public void LoadMLNet_UnknownTransformerInOurChain_NamesItsLoaderSignatureAndEntry()
    {
        MLNetExportResult result = MLNetModelExporter.Export(InteropPipelines.Pipeline(BackboneKind.Vgg, PixelColorMode.Grey, 40), images.PathView().Schema);
        IMLNetTransformerRecord[] chain = [result.Transformers[0], new CustomRecord(), .. result.Transformers.Skip(1)];
        byte[] zip = MLNetModelWriter.Write(chain);
        var act = () => MLNetModelImporter.Load(new MemoryStream(zip), "custom.zip", out _);
        act.Should().Throw<UnsupportedTransformerException>()
            .WithMessage("*custom.zip*TransformerChain/Transform_001/Model.key*'FerTestCustomTransform' is not supported*")
            .Which.LoaderSignature.Should().Be("FerTestCustomTransform");
    }

    [Fact]
    public void LoadMLNet_TamperedOnnxModelEntry_FailsNamingTheEntry()
    {
        byte[] zip = MLNetModelExporter.Export(InteropPipelines.Pipeline(BackboneKind.Vgg, PixelColorMode.Grey, 40), images.PathView().Schema).Zip;
        const string entry = "TransformerChain/Transform_003/OnnxModel";

        byte[] badPrefix = ZipEntries.Replace(zip, entry, b =>
        {
            byte[] c = [.. b];
            BinaryPrimitives.WriteInt32LittleEndian(c, c.Length);
            return c;
        });
        Load(badPrefix).Should().Throw<ModelFormatException>().WithMessage($"*{entry}*length prefix*");

        byte[] truncated = ZipEntries.Replace(zip, entry, b =>
        {
            byte[] c = b[..(b.Length * 2 / 3)];
            BinaryPrimitives.WriteInt32LittleEndian(c, c.Length - 4);
            return c;
        });
        Load(truncated).Should().Throw<ModelFormatException>().WithMessage($"*tampered.zip*{entry}*ONNX model*invalid*");

        // A valid ONNX model that is not the one the transformer names (its input is 'x').
        var other = new OnnxGraphBuilder("other", 13);
        other.AddInput("x", -1, 3, 40, 40);
        other.AddNode("Relu", ["x"], ["Score"]);
        other.AddOutput("Score");
        byte[] model = other.ToBytes();
        byte[] swapped = ZipEntries.Replace(zip, entry, _ => [.. BitConverter.GetBytes(model.Length), .. model]);
        Load(swapped).Should().Throw<ModelFormatException>().WithMessage("*Transform_003/Model.key*does not fit its ONNX model*'Features' is not an output*");

        byte[] missing = ZipEntries.Replace(zip, entry, _ => null);
        Load(missing).Should().Throw<ModelFormatException>().WithMessage("*OnnxModel*missing*");
    }

    [Fact]
    public void LoadMLNet_ExtractorSettingsWeCannotRun_AreNamed()
    {
        MLNetExportResult result = MLNetModelExporter.Export(InteropPipelines.Pipeline(BackboneKind.Vgg, PixelColorMode.Grey, 40), images.PathView().Schema);
        var interleaved = new ImagePixelExtractingTransformerRecord([new PixelExtractingColumn("input", "ImageResized", interleave: true)]);
        byte[] zip = MLNetModelWriter.Write([result.Transformers[0], result.Transformers[1], interleaved, result.Transformers[3]]);
        var act = () => MLNetModelImporter.Load(new MemoryStream(zip), "interleaved.zip", out _);
        act.Should().Throw<NotSupportedException>().WithMessage("*Transform_002*'input'*interleaved*");
    }

    private static Func<TransformerChain<ITransformer>> Load(byte[] zip) => () => MLNetModelImporter.Load(new MemoryStream(zip), "tampered.zip", out _);

    private sealed class CustomRecord : IMLNetTransformerRecord
    {
        public string LoaderSignature => "FerTestCustomTransform";

        public MLNetModelKey ToModelKey() => new("CUSTOMXF", 0x00010001, 0x00010001, LoaderSignature, null, "MyApp, Version=1.0.0.0", [], ReadOnlySpan<byte>.Empty);

        public IReadOnlyList<KeyValuePair<string, byte[]>> ToSiblingEntries() => [];
    }
}
