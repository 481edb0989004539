using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Tensors.Random;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Pipeline;

public sealed class EstimatorChainTests
{
    private readonly FerContext fer = new(seed: 4);

    [Fact]
    public void Workout_ImageChain_PassesEveryCheck()
    {
        var chain = fer.Transforms.LoadImages("Image", TestImages.SamplesFolder)
            .Append(fer.Transforms.ResizeImages("Image", 40, 30, resizing: ImageResizingKind.IsoPad, padColor: 128))
            .Append(fer.Transforms.ConvertToGrayscale("Grey", "Image"))
            .Append(fer.Transforms.ExtractPixels("Pixels", "Grey", PixelColorMode.Grey, mean: [0.5f], std: [0.25f]))
            .Append(fer.Transforms.Concatenate("Features", "Pixels", "Bias"));
        var schema = new DataViewSchema.Builder().AddColumn("Path", TextDataViewType.Instance).AddColumn("Bias", NumberDataViewType.Single).ToSchema();
        var data = new InMemoryDataView(schema, [["sample2.jpg", "sample3.jpg"], [1f, -1f]]);

        var result = EstimatorWorkout.Run(chain, data, ["Path", "Bias"]);

        result.Transformed.Schema["Features"].Type.Should().Be(new VectorDataViewType(1 * 30 * 40 + 1));
        result.Values["Features"].Cast<float[]>().Select(f => f[^1]).Should().Equal(1f, -1f);
    }

    [Fact]
    public void Workout_KeyRoundTripChain_EstimatorSchemaAnnouncesKeys()
    {
        var chain = fer.Transforms.MapValueToKey("Label", "Emotion").Append(fer.Transforms.MapKeyToValue("Name", "Label"));
        var schema = new DataViewSchema.Builder().AddColumn("Emotion", TextDataViewType.Instance).ToSchema();
        var data = new InMemoryDataView(schema, [["fear", "joy", "fear"]]);

        chain.GetOutputSchema(schema)["Label"].Annotations.KeyValues.Should().BeEmpty("names are known only after Fit");
        var result = EstimatorWorkout.Run(chain, data, ["Emotion"]);

        result.Values["Name"].Should().Equal("fear", "joy", "fear");
    }

    [Fact]
    public void Fit_AugmentBeforeAnEstimator_EstimatorSeesAugmentedImagesAndModelScoresUnaugmented()
    {
        Image[] images = TestImages.Mixed();
        var recorder = new RecordingEstimator("Image");
        var chain = fer.Transforms.Augment(new ImageAugmentingOptions { OutputColumnName = "Image", HorizontalFlipProbability = 1 }).Append(recorder);

        var model = chain.Fit(TestImages.View(images));

        recorder.Seen.Select(i => i.Pixels).Should().Equal(images.Select(i => i.FlipHorizontal().Pixels), (a, b) => a.SequenceEqual(b), "Fit of later steps sees the training path");
        DataValues.Column<Image>(model.Transform(TestImages.View(images)), "Image").Select(i => i.Pixels)
            .Should().Equal(images.Select(i => i.Pixels), (a, b) => a.SequenceEqual(b), "the fitted model scores without augmentation");
    }

    [Fact]
    public void Fit_AugmentedTrainingView_EachEpochGeneratorGivesOtherImages()
    {
        Image[] images = [.. Enumerable.Range(0, 6).Select(i => TestImages.Random(10, 10, 3, (ulong)(i + 50)))];
        var recorder = new RecordingEstimator("Image", epochs: 2);
        var chain = fer.Transforms.Augment("Image", rotationDegrees: 20, brightness: 0.4).Append(recorder);

        chain.Fit(TestImages.View(images));

        recorder.Epochs.Should().HaveCount(2);
        recorder.Epochs[0].Zip(recorder.Epochs[1]).Count(p => !p.First.SequenceEqual(p.Second)).Should().BeGreaterThan(3);
    }

    [Fact]
    public void Fit_LaterStepMissingColumn_FailsBeforeAnyStepIsFitted()
    {
        var first = new RecordingEstimator("Image");
        var chain = first.Append(fer.Transforms.ExtractPixels("Pixels", "Nope"));

        Action fit = () => chain.Fit(TestImages.View(TestImages.Mixed()));

        fit.Should().Throw<ArgumentException>().WithMessage("*'Nope' not found*");
        first.Seen.Should().BeEmpty("the whole chain's schema is checked before fitting");
    }

    /// <summary>An estimator that records the images it is fitted on (per epoch: a cursor with generator 100 + epoch, rows sorted by Id).</summary>
    private sealed class RecordingEstimator(string column, int epochs = 1) : IEstimator<ITransformer>
    {
        public List<Image> Seen { get; } = [];

        public List<List<byte[]>> Epochs { get; } = [];

        public ITransformer Fit(IDataView input)
        {
            for (int e = 0; e < epochs; e++)
            {
                var rows = DataValues.ReadAll(input, e == 0 && epochs == 1 ? null : new Generator((ulong)(100 + e)));
                var sorted = rows.Rows.OrderBy(r => (int)r[0]!).Select(r => (Image)r[^1]!).ToList();
                if (e == 0) Seen.AddRange(sorted);
                Epochs.Add([.. sorted.Select(i => i.Pixels)]);
            }
            return new ImageGrayscalingTransformer(new() { OutputColumnName = "Recorded", InputColumnName = column });
        }

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
            => new ImageGrayscalingTransformer(new() { OutputColumnName = "Recorded", InputColumnName = column }).GetOutputSchema(inputSchema);
    }
}
