using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Support;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Prediction;

public sealed class PredictionEngineTests
{
    private readonly FerContext fer = new(seed: 2);

    private ITransformer ImagePipeline(IDataView data)
        => fer.Transforms.LoadImages("Image")
            .Append(fer.Transforms.ResizeImages("Small", 32, 32, "Image", Fer.MLNet.Transforms.ImageResizingKind.IsoCrop))
            .Append(fer.Transforms.ExtractPixels("Pixels", "Small", mean: Fer.MLNet.Transforms.ImagePixelExtractingTransformer.ImageNetMean, std: Fer.MLNet.Transforms.ImagePixelExtractingTransformer.ImageNetStd))
            .Fit(data);

    [SkippableFact]
    public void Predict_SixteenThreads_ExactlyTheSequentialResults()
    {
        string[] files = [.. TestImages.SamplePaths.Take(3), .. TestImages.FerPlusPaths(25)];
        var model = ImagePipeline(TestImages.PathView(files));
        var engine = fer.Model.CreatePredictionEngine<FaceFile, PixelsOutput>(model);
        // Mostly small PNGs, every 40th call a 1920-pixel photo.
        int[] fileOf = [.. Enumerable.Range(0, 200).Select(i => i % 40 == 0 ? i / 40 % 3 : 3 + i % 25)];
        var sequential = files.Select(f => engine.Predict(new FaceFile { Path = f }).Pixels!).ToArray();

        var results = new float[200][];
        using var start = new Barrier(16);
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = t; i < 200; i += 16) results[i] = engine.Predict(new FaceFile { Path = files[fileOf[i]] }).Pixels!;
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());

        for (int i = 0; i < 200; i++)
            DataValues.Difference(sequential[fileOf[i]], results[i]).Should().BeNull($"call {i} ({Path.GetFileName(files[fileOf[i]])}) is bit-identical to the sequential result");
        sequential[0].Length.Should().Be(3 * 32 * 32);
    }

    [Fact]
    public void Predict_SameAsTransformingAView()
    {
        string[] files = [.. TestImages.SamplePaths.Skip(3).Take(2)];
        var model = ImagePipeline(TestImages.PathView(files));
        var engine = fer.Model.CreatePredictionEngine<FaceFile, PixelsOutput>(model);

        var batch = engine.PredictBatch([.. files.Select(f => new FaceFile { Path = f })]);
        var viaView = DataValues.Column<float[]>(model.Transform(TestImages.PathView(files)), "Pixels");

        batch.Select(b => b.Pixels).Should().BeEquivalentTo(viaView, o => o.WithStrictOrdering());
        batch.Select(b => b.Small!.Width).Should().Equal(32, 32);
    }

    [Fact]
    public void Predict_InputMappedByColumnNameAttribute()
    {
        var model = ImagePipeline(TestImages.PathView([TestImages.SamplePaths[4]]));
        var byName = fer.Model.CreatePredictionEngine<FaceFile, PixelsOutput>(model).Predict(new FaceFile { Path = TestImages.SamplePaths[4] });

        var byAttribute = fer.Model.CreatePredictionEngine<RenamedFaceFile, RenamedOutput>(model).Predict(new RenamedFaceFile { File = TestImages.SamplePaths[4] });

        byAttribute.Values.Should().Equal(byName.Pixels);
    }

    [Fact]
    public void Predict_KeyColumnIntoStringMember_GivesClassName()
    {
        var emotions = fer.Data.LoadFromEnumerable(new[] { new EmotionInput { Emotion = "sad" }, new EmotionInput { Emotion = "happy" } });
        var model = fer.Transforms.MapValueToKey("Label", "Emotion").Fit(emotions);
        var engine = fer.Model.CreatePredictionEngine<EmotionInput, EmotionOutput>(model);

        var result = engine.Predict(new EmotionInput { Emotion = "sad" });

        result.Label.Should().Be(1);
        result.LabelText.Should().Be("sad");
    }

    [Fact]
    public void Constructor_OutputColumnMissing_ThrowsNamingMemberAndColumn()
    {
        var model = ImagePipeline(TestImages.PathView([TestImages.SamplePaths[0]]));

        Action make = () => fer.Model.CreatePredictionEngine<FaceFile, ScoreOutput>(model);

        make.Should().Throw<ArgumentException>().WithMessage("ScoreOutput.Score: the model produces no column 'Score'*Pixels*");
    }

    [Fact]
    public void Constructor_OutputColumnMissingButIgnored_Works()
    {
        var model = ImagePipeline(TestImages.PathView([TestImages.SamplePaths[0]]));

        var engine = fer.Model.CreatePredictionEngine<FaceFile, ScoreOutput>(model, ignoreMissingColumns: true);

        engine.Predict(new FaceFile { Path = TestImages.SamplePaths[0] }).Pixels.Should().HaveCount(3 * 32 * 32);
    }

    [Fact]
    public void Constructor_OutputMemberOfOtherType_ThrowsNamingBoth()
    {
        var model = ImagePipeline(TestImages.PathView([TestImages.SamplePaths[0]]));

        Action make = () => fer.Model.CreatePredictionEngine<FaceFile, WrongOutput>(model);

        make.Should().Throw<ArgumentException>().WithMessage("WrongOutput.Pixels is Single but column 'Pixels' is Vector<Single, 3, 32, 32>*");
    }

    [Fact]
    public void Constructor_InputLacksColumn_ThrowsNamingIt()
    {
        var model = ImagePipeline(TestImages.PathView([TestImages.SamplePaths[0]]));

        Action make = () => fer.Model.CreatePredictionEngine<EmotionInput, PixelsOutput>(model);

        make.Should().Throw<ArgumentException>().WithMessage("*'Path' not found*'Emotion'*");
    }

    public sealed class FaceFile
    {
        public string? Path { get; set; }
    }

    public sealed class RenamedFaceFile
    {
        [ColumnName("Path")]
        public string? File { get; set; }
    }

    public sealed class PixelsOutput
    {
        public float[]? Pixels { get; set; }

        public Image? Small { get; set; }
    }

    public sealed class RenamedOutput
    {
        [ColumnName("Pixels")]
        public float[]? Values { get; set; }
    }

    public sealed class ScoreOutput
    {
        public float[]? Pixels { get; set; }

        public float[]? Score { get; set; }
    }

    public sealed class WrongOutput
    {
        public float Pixels { get; set; }
    }

    public sealed class EmotionInput
    {
        public string? Emotion { get; set; }
    }

    public sealed class EmotionOutput
    {
        public int Label { get; set; }

        [ColumnName("Label")]
        public string? LabelText { get; set; }
    }
}
