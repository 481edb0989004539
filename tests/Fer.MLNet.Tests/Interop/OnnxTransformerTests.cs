using System.Text;
using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Model;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Persistence;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Tensors;
using Fer.Tensors.Random;
using Fer.Testing;
using Fer.Trainers.Backbones;

namespace Fer.MLNet.Tests.Interop;

public sealed class OnnxTransformerTests
{
    private static readonly Lazy<byte[]> Classifier = new(() =>
    {
        var classifier = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 40);
        DataViewSchema schema = new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType(1, 40, 40)).ToSchema();
        return OnnxModelExporter.Export(classifier, schema).Model;
    });

    private static InMemoryDataView PixelView(int rows, int size = 1600, ulong seed = 1)
    {
        var g = new Generator(seed);
        var schema = new DataViewSchema.Builder().AddColumn("Id", NumberDataViewType.Int32).AddColumn("Pixels", new VectorDataViewType(1, 40, 40)).ToSchema();
        return new InMemoryDataView(schema, [[.. Enumerable.Range(0, rows).Cast<object?>()], [.. Enumerable.Range(0, rows).Select(_ => (object?)Tensor.Uniform(g, -1f, 1f, size).ToArray())]]);
    }

    private static OnnxTransformer.Options Options(int batchSize = 32) => new()
    {
        ModelBytes = Classifier.Value, OutputColumnNames = ["Score", "Features"], InputColumnNames = ["Pixels"], OnnxInputNames = ["input"], BatchSize = batchSize,
    };

    [Fact]
    public void ApplyOnnxModel_Workout_SchemaChecksDeterminismAndBitIdenticalReload()
    {
        var fer = new FerContext(1);
        var result = EstimatorWorkout.Run(fer.Transforms.ApplyOnnxModel(Options(batchSize: 3)), PixelView(7), ["Pixels"]);
        var t = (OnnxTransformer)result.Transformer;
        t.IsBatched.Should().BeTrue();
        DataViewSchema schema = result.Transformed.Schema;
        schema["Score"].Type.Should().Be(new VectorDataViewType(7));
        schema["Score"].Annotations.SlotNames.Should().Equal(InteropPipelines.Classes);
        schema["Features"].Type.Should().Be(new VectorDataViewType(256));
    }

    [Fact]
    public void ApplyOnnxModel_Rows_MatchTheGraphRunOnTheWholeBatchAndOneRowAtATime()
    {
        InMemoryDataView data = PixelView(9, seed: 2);
        List<float[]> pixels = DataValues.Column<float[]>(data, "Pixels");
        Tensor expected = new OnnxGraphRunner(OnnxModel.Load(Classifier.Value)).Run(Tensor.Wrap([.. pixels.SelectMany(p => p)], 9, 1, 40, 40));
        foreach (int batch in new[] { 1, 4, 32 })
        {
            IDataView scored = new OnnxTransformer(Options(batch)).Transform(data);
            float[] actual = [.. DataValues.Column<float[]>(scored, "Score").SelectMany(v => v)];
            Close.Check(expected.ToArray(), actual, 1e-7, 1e-5, $"batch size {batch}");
        }
    }

    [Fact]
    public void ApplyOnnxModel_CatalogWithFile_WritesTheNamedOutput()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fer-apply-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Classifier.Value);
        try
        {
            var fer = new FerContext(1);
            IDataView scored = fer.Transforms.ApplyOnnxModel("Score", path, "Pixels").Fit(PixelView(2)).Transform(PixelView(2));
            scored.Schema.GetColumnOrNull("Features").Should().BeNull();
            DataValues.Column<float[]>(scored, "Score").Should().AllSatisfy(p => p.Sum().Should().BeApproximately(1f, 1e-5f));

            var act = () => fer.Transforms.ApplyOnnxModel("Probabilities", path, "Pixels");
            act.Should().Throw<ArgumentException>().WithMessage("*'Probabilities' is not an output*Score, Features*");
            var missing = () => fer.Transforms.ApplyOnnxModel("Score", path + ".missing", "Pixels");
            missing.Should().Throw<FileNotFoundException>().WithMessage("*.missing*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ApplyOnnxModel_VectorOfTheWrongSize_IsRefusedNamingTheColumn()
    {
        var schema = new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType(3, 40, 40)).ToSchema();
        var act = () => new OnnxTransformer(Options()).GetOutputSchema(schema);
        act.Should().Throw<ArgumentException>().WithMessage("*'Pixels'*1600 values*'input'*");

        var variable = new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType()).ToSchema();
        var view = new InMemoryDataView(variable, [[(object?)new float[12]]]);
        var read = () => DataValues.ReadAll(new OnnxTransformer(Options()).Transform(view));
        read.Should().Throw<InvalidOperationException>().WithMessage("*'Pixels' holds 12 values*1600*");
    }

    [Fact]
    public void ApplyOnnxModel_GraphWithFixedBatchOfOne_RunsEachRowAlone()
    {
        var b = new OnnxGraphBuilder("fixed", 13);
        b.AddInput("x", 1, 4);
        b.AddNode("Mul", ["x", b.AddInitializer("k", Tensor.FromArray(1f, 2f, 3f, 4f))], ["y"]);
        b.AddOutput("y", [1, 4]);
        var t = new OnnxTransformer(new OnnxTransformer.Options { ModelBytes = b.ToBytes(), OutputColumnNames = ["y"], InputColumnNames = ["x"] });
        t.IsBatched.Should().BeFalse();
        var schema = new DataViewSchema.Builder().AddColumn("x", new VectorDataViewType(4)).ToSchema();
        var view = new InMemoryDataView(schema, [[(object?)new[] { 1f, 1f, 1f, 1f }, new[] { 2f, 0f, -1f, 0.5f }]]);
        DataValues.Column<float[]>(t.Transform(view), "y").Should().BeEquivalentTo(new[] { new[] { 1f, 2f, 3f, 4f }, new[] { 2f, 0f, -3f, 2f } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Save_ApplyOnnxModel_KeepsTheOnnxBytesInTheirOwnEntry()
    {
        var t = new OnnxTransformer(Options());
        byte[] zip = ModelFile.Serialize(t, PixelView(1).Schema);
        var entries = ZipEntries.Read(zip);
        entries.Keys.Should().BeEquivalentTo("manifest.json", "transformer_000.onnx");
        entries["transformer_000.onnx"].AsSpan().SequenceEqual(Classifier.Value).Should().BeTrue("the entry holds the ONNX bytes unchanged");
        Encoding.UTF8.GetString(entries["manifest.json"]).Should().Contain("\"onnx\": \"transformer_000.onnx\"");
    }

    [Fact]
    public void Load_TamperedOnnxEntry_FailsNamingTheEntry()
    {
        byte[] zip = ModelFile.Serialize(new OnnxTransformer(Options()), PixelView(1).Schema);
        byte[] truncated = ZipEntries.Replace(zip, "transformer_000.onnx", b => b[..(b.Length / 2)]);
        var act = () => ModelFile.Load(new MemoryStream(truncated), out _, "tampered.zip");
        act.Should().Throw<ModelFormatException>().WithMessage("*tampered.zip*transformer_000.onnx*ONNX model of transformer 0*");

        byte[] removed = ZipEntries.Replace(zip, "transformer_000.onnx", _ => null);
        var missing = () => ModelFile.Load(new MemoryStream(removed), out _, "missing.zip");
        missing.Should().Throw<ModelFormatException>().WithMessage("*transformer 0's ONNX model entry is missing*");

        byte[] stray = ZipEntries.Replace(zip, "transformer_001.onnx", _ => Classifier.Value);
        var extra = () => ModelFile.Load(new MemoryStream(stray), out _, "stray.zip");
        extra.Should().Throw<ModelFormatException>().WithMessage("*transformer_001.onnx*not referenced*");

        byte[] outside = ZipEntries.Replace(zip, "model.onnx", _ => Classifier.Value);
        var unlisted = () => ModelFile.Load(new MemoryStream(outside), out _, "outside.zip");
        unlisted.Should().Throw<ModelFormatException>().WithMessage("*model.onnx*");
    }
}
