using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Interop;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Tests.Trainers.FeatureExtractor;
using Fer.MLNet.Trainers.Supervised;
using Fer.Trainers.Backbones;

namespace Fer.MLNet.Tests.Trainers;

/// <summary>
/// The classifier's test-time augmentation: the mean of the scores of the image, its mirror and its diagonally
/// shifted copies, kept in the model zip.
/// </summary>
public sealed class ClassifierTestTimeAugmentationTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-tta-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static float[][] Scores(ITransformer model, IDataView data) => [.. DataValues.Column<float[]>(model.Transform(data), "Score")];

    // The same rows with every image mirrored left to right.
    private static InMemoryDataView Mirrored(InMemoryDataView data) => Moved(data, 0, 0, mirror: true);

    // The same 48x48 rows with out[y, x] = in[y + dy, x + dx] (indices past an edge reflected, as reflect padding
    // does: -1 -> 1, 48 -> 46), then optionally mirrored left to right.
    private static InMemoryDataView Moved(InMemoryDataView data, int dx, int dy, bool mirror)
    {
        static int Reflect(int i) => i < 0 ? -i : i > 47 ? 94 - i : i;
        List<float[]> pixels = DataValues.Column<float[]>(data, "Pixels");
        object?[] moved = [.. pixels.Select(p =>
        {
            var m = new float[p.Length];
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 48; x++) m[y * 48 + (mirror ? 47 - x : x)] = p[Reflect(y + dy) * 48 + Reflect(x + dx)];
            return (object?)m;
        })];
        return new InMemoryDataView(new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType(1, 48, 48)).ToSchema(), [moved]);
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WithTestTimeShift_ScoresTheMeanOfTheImageAndItsFourDiagonalShifts_MirroredTooWithFlip(bool flip)
    {
        InMemoryDataView data = PixelSets.Quadrants(5, seed: 11);
        ExpressionClassifierTransformer plain = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 48);
        ExpressionClassifierTransformer tta = plain.WithTestTimeFlip(flip).WithTestTimeShift(3);
        tta.TestTimeShift.Should().Be(3);
        tta.TestTimeFlip.Should().Be(flip);
        plain.TestTimeShift.Should().Be(0);

        // Each view scored by the plain model on images moved here, independently of the transformer's code.
        var views = new List<float[][]>();
        foreach ((int dx, int dy) in new[] { (0, 0), (-3, -3), (3, -3), (-3, 3), (3, 3) })
            foreach (bool mirror in flip ? new[] { false, true } : [false])
                views.Add(Scores(plain, Moved(data, dx, dy, mirror)));
        views.Should().HaveCount(flip ? 10 : 5);
        float[][] averaged = Scores(tta, data);
        for (int r = 0; r < averaged.Length; r++)
            for (int k = 0; k < averaged[r].Length; k++)
                averaged[r][k].Should().BeApproximately(views.Average(v => v[r][k]), 1e-6f, $"row {r}, class {k}");
        // The shifted views differ from the image, so the average is not the plain score.
        views[0].Zip(averaged).Should().Contain(p => p.First.Zip(p.Second).Any(v => Math.Abs(v.First - v.Second) > 1e-4f));
        DataValues.Column<float[]>(tta.Transform(data), "Features").Should().BeEquivalentTo(DataValues.Column<float[]>(plain.Transform(data), "Features"), o => o.WithStrictOrdering());
    }

    [Fact]
    public void SaveLoad_TestTimeShift_IsKeptAndScoresTheSame()
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = PixelSets.Quadrants(4, seed: 9);
        ExpressionClassifierTransformer tta = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 48).WithTestTimeFlip().WithTestTimeShift(2);
        string path = Path.Combine(dir, "shift.zip");
        fer.Model.Save(new TransformerChain<ITransformer>(tta), data.Schema, path);

        TransformerChain<ITransformer> chain = fer.Model.Load(path, out _);
        var loaded = (ExpressionClassifierTransformer)chain[chain.Count - 1];
        loaded.TestTimeShift.Should().Be(2);
        loaded.TestTimeFlip.Should().BeTrue();
        Scores(loaded, data).Should().BeEquivalentTo(Scores(tta, data), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(48)]
    public void WithTestTimeShift_OutsideTheImage_IsRejectedWithTheRange(int pixels)
    {
        ExpressionClassifierTransformer plain = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 48);
        FluentActions.Invoking(() => plain.WithTestTimeShift(pixels)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*must be in [0, 48) for 48-pixel images*");
    }
}
