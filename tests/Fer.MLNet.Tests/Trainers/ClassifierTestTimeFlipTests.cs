using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Interop;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Tests.Trainers.FeatureExtractor;
using Fer.MLNet.Trainers.Supervised;
using Fer.Trainers.Backbones;

namespace Fer.MLNet.Tests.Trainers;

/// <summary>The classifier's horizontal-flip test-time augmentation: the mean of the image's and its mirror's scores, kept in the model zip.</summary>
public sealed class ClassifierTestTimeFlipTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-tta-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static float[][] Scores(ITransformer model, IDataView data) => [.. DataValues.Column<float[]>(model.Transform(data), "Score")];

    // The same rows with every image mirrored left to right.
    private static InMemoryDataView Mirrored(InMemoryDataView data)
    {
        List<float[]> pixels = DataValues.Column<float[]>(data, "Pixels");
        object?[] mirrored = [.. pixels.Select(p =>
        {
            var m = new float[p.Length];
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 48; x++) m[y * 48 + x] = p[y * 48 + 47 - x];
            return (object?)m;
        })];
        return new InMemoryDataView(new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType(1, 48, 48)).ToSchema(), [mirrored]);
    }

    [Fact]
    public void WithTestTimeFlip_ScoresTheMeanOfTheImageAndItsMirror_AndKeepsTheFeatures()
    {
        InMemoryDataView data = PixelSets.Quadrants(6, seed: 4);
        ExpressionClassifierTransformer plain = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 48);
        ExpressionClassifierTransformer tta = plain.WithTestTimeFlip();
        tta.TestTimeFlip.Should().BeTrue();
        plain.TestTimeFlip.Should().BeFalse();

        float[][] original = Scores(plain, data), mirror = Scores(plain, Mirrored(data)), averaged = Scores(tta, data);
        IDataView scored = tta.Transform(data);
        List<int> predicted = DataValues.Column<int>(scored, "PredictedLabel");
        for (int r = 0; r < averaged.Length; r++)
        {
            for (int k = 0; k < averaged[r].Length; k++)
                averaged[r][k].Should().BeApproximately((original[r][k] + mirror[r][k]) / 2, 1e-6f, $"row {r}, class {k}");
            predicted[r].Should().Be(Array.IndexOf(averaged[r], averaged[r].Max()), $"row {r}");
        }
        // The quadrant images are not symmetric, so the augmentation changes the scores.
        original.Zip(averaged).Should().Contain(p => p.First.Zip(p.Second).Any(v => Math.Abs(v.First - v.Second) > 1e-4f));
        DataValues.Column<float[]>(scored, "Features").Should().BeEquivalentTo(DataValues.Column<float[]>(plain.Transform(data), "Features"), o => o.WithStrictOrdering());
    }

    [Fact]
    public void SaveLoad_TestTimeFlip_IsKeptAndScoresTheSame()
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = PixelSets.Quadrants(4, seed: 8);
        ExpressionClassifierTransformer tta = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 48).WithTestTimeFlip();
        string path = Path.Combine(dir, "tta.zip");
        fer.Model.Save(new TransformerChain<ITransformer>(tta), data.Schema, path);

        TransformerChain<ITransformer> loaded = fer.Model.Load(path, out _);
        ((ExpressionClassifierTransformer)loaded[loaded.Count - 1]).TestTimeFlip.Should().BeTrue();
        Scores(loaded, data).Should().BeEquivalentTo(Scores(tta, data), o => o.WithStrictOrdering());
    }
}
