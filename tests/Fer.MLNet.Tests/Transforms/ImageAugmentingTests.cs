using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Tensors.Random;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms;

public sealed class ImageAugmentingTests
{
    private readonly FerContext fer = new(seed: 1);

    private static ImageAugmentingOptions Everything() => new()
    {
        OutputColumnName = "Aug", InputColumnName = "Image", HorizontalFlipProbability = 0.5, CropPadding = 2, RotationDegrees = 15,
        Brightness = 0.3, Contrast = 0.3, Saturation = 0.3, FillColor = 9, Seed = 5,
    };

    private static IDataView Training(ImageAugmentingTransformer t, IDataView data) => t.TransformForTraining(data);

    private static List<Image> Read(IDataView view, string column, Generator? rand) => DataValues.Column<Image>(view, column, rand);

    [Fact]
    public void Workout_EveryAugmentation_PassesEveryCheck()
    {
        var result = EstimatorWorkout.Run(fer.Transforms.Augment(Everything()), TestImages.View(TestImages.Mixed()), ["Image"]);

        result.Values["Aug"].Cast<Image>().Select(i => i.Pixels).Should().Equal(TestImages.Mixed().Select(i => i.Pixels), (a, b) => a.SequenceEqual(b), "scoring is the identity");
    }

    [Fact]
    public void Workout_RandomResizedCrop_DeclaresCropSizeOnBothPaths()
    {
        var options = Everything();
        (options.RandomResizedCropWidth, options.RandomResizedCropHeight, options.RandomResizedCropMinScale) = (20, 16, 0.5);

        var result = EstimatorWorkout.Run(fer.Transforms.Augment(options), TestImages.View(TestImages.Mixed()), ["Image"]);

        result.Transformed.Schema["Aug"].Type.Should().Be(new ImageDataViewType(20, 16));
        var training = ((ImageAugmentingTransformer)result.Transformer).TransformForTraining(TestImages.View(TestImages.Mixed()));
        training.Schema["Aug"].Type.Should().Be(new ImageDataViewType(20, 16));
        Read(training, "Aug", new Generator(3)).Should().OnlyContain(i => i.Width == 20 && i.Height == 16);
        Read(result.Transformed, "Aug", null)[0].Pixels.Should().Equal(TestImages.Photo(0).Resize(20, 16).Pixels, "scoring resizes to the crop size");
    }

    [Fact]
    public void TransformForTraining_SameGeneratorSeed_SameAugmentation()
    {
        var t = fer.Transforms.Augment(Everything()).Fit(TestImages.View(TestImages.Mixed()));
        var view = Training(t, TestImages.View(TestImages.Mixed()));

        var first = DataValues.ReadAll(view, new Generator(42));
        var second = DataValues.ReadAll(view, new Generator(42));

        DataValues.AssertIdentical(first, second, "two cursors with the same generator seed");
    }

    [Fact]
    public void TransformForTraining_DifferentGenerators_DifferentAugmentation()
    {
        Image[] images = [.. Enumerable.Range(0, 8).Select(i => TestImages.Random(12, 10, 3, (ulong)i))];
        var t = fer.Transforms.Augment(Everything()).Fit(TestImages.View(images));
        var view = Training(t, TestImages.View(images));

        // Compared by Id, since a cursor with a generator also shuffles the rows.
        var epoch1 = DataValues.ReadAll(view, new Generator(1));
        var epoch2 = DataValues.ReadAll(view, new Generator(2));
        var byId1 = epoch1.Rows.ToDictionary(r => (int)r[0]!, r => (Image)r[^1]!);
        var byId2 = epoch2.Rows.ToDictionary(r => (int)r[0]!, r => (Image)r[^1]!);

        byId1.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 8));
        byId1.Count(kv => !kv.Value.Pixels.SequenceEqual(byId2[kv.Key].Pixels)).Should().BeGreaterThan(4, "another epoch draws other augmentations");
        byId1.Count(kv => !kv.Value.Pixels.SequenceEqual(images[kv.Key].Pixels)).Should().Be(8, "every image is changed by jitter");
    }

    [Fact]
    public void TransformForTraining_NoGenerator_ReproducedBySeedOption()
    {
        var data = TestImages.View(TestImages.Mixed());
        var a = new ImageAugmentingTransformer(Everything());
        var b = new ImageAugmentingTransformer(Everything());
        var other = Everything();
        other.Seed = 6;
        var c = new ImageAugmentingTransformer(other);

        var ra = DataValues.ReadAll(a.TransformForTraining(data));
        DataValues.AssertIdentical(ra, DataValues.ReadAll(b.TransformForTraining(data)), "same seed option");
        DataValues.Difference(ra["Aug"].ToArray()[0], DataValues.ReadAll(c.TransformForTraining(data))["Aug"].ToArray()[0]).Should().NotBeNull("another seed gives another augmentation");
    }

    [Fact]
    public void TransformForTraining_FlipProbabilityOne_IsExactMirror()
    {
        var options = new ImageAugmentingOptions { OutputColumnName = "Aug", InputColumnName = "Image", HorizontalFlipProbability = 1, Seed = 1 };
        Image[] images = TestImages.Mixed();
        var t = new ImageAugmentingTransformer(options);

        var output = Read(t.TransformForTraining(TestImages.View(images)), "Aug", null);

        output.Select(i => i.Pixels).Should().Equal(images.Select(i => i.FlipHorizontal().Pixels), (a, b) => a.SequenceEqual(b));
    }

    [Fact]
    public void TransformForTraining_FlipProbabilityHalf_FlipsAboutHalf()
    {
        Image asymmetric = new(2, 1, 1, [0, 255]);
        var options = new ImageAugmentingOptions { OutputColumnName = "Aug", InputColumnName = "Image", HorizontalFlipProbability = 0.5, Seed = 3 };
        var t = new ImageAugmentingTransformer(options);

        var output = Read(t.TransformForTraining(TestImages.View(Enumerable.Repeat(asymmetric, 400).ToArray())), "Aug", new Generator(4));
        int flipped = output.Count(i => i.Pixels[0] == 255);

        flipped.Should().BeInRange(160, 240, "400 draws at p = 0.5 (4 standard deviations)");
    }

    [Fact]
    public void TransformForTraining_CropPadding_GivesAWindowOfThePaddedImage()
    {
        Image image = TestImages.Random(9, 7, 1, 31);
        var options = new ImageAugmentingOptions { OutputColumnName = "Aug", InputColumnName = "Image", CropPadding = 3, FillColor = 77, Seed = 8 };
        var t = new ImageAugmentingTransformer(options);
        Image padded = image.Pad(3, 3, 3, 3, 77);

        var outputs = Read(t.TransformForTraining(TestImages.View(Enumerable.Repeat(image, 20).ToArray())), "Aug", new Generator(5));

        var offsets = new HashSet<(int, int)>();
        foreach (Image o in outputs)
        {
            (o.Width, o.Height).Should().Be((9, 7));
            var match = (from y in Enumerable.Range(0, 7) from x in Enumerable.Range(0, 7) where padded.Crop(x, y, 9, 7).Pixels.SequenceEqual(o.Pixels) select (x, y)).ToList();
            match.Should().NotBeEmpty("each output is a 9x7 window of the padded image");
            offsets.Add(match[0]);
        }
        offsets.Count.Should().BeGreaterThan(5, "20 draws of 49 offsets");
    }

    [Fact]
    public void Transform_ScoringWithoutResizedCrop_ReturnsInputPixels()
    {
        Image[] images = TestImages.Mixed();
        var t = fer.Transforms.Augment("Image", horizontalFlipProbability: 1, rotationDegrees: 30, brightness: 0.5).Fit(TestImages.View(images));

        var output = Read(t.Transform(TestImages.View(images)), "Image", new Generator(1));

        output.Should().HaveCount(images.Length);
        output.Select(i => i.Pixels).Should().BeEquivalentTo(images.Select(i => i.Pixels), "scoring does not augment (rows may be shuffled by the cursor's generator)");
    }

    [Theory]
    [InlineData(nameof(ImageAugmentingOptions.HorizontalFlipProbability))]
    [InlineData(nameof(ImageAugmentingOptions.RotationDegrees))]
    [InlineData(nameof(ImageAugmentingOptions.Brightness))]
    [InlineData(nameof(ImageAugmentingOptions.CropPadding))]
    [InlineData(nameof(ImageAugmentingOptions.RandomResizedCropWidth))]
    [InlineData(nameof(ImageAugmentingOptions.RandomResizedCropMinScale))]
    public void Augment_OutOfRangeSetting_ThrowsNamingIt(string setting)
    {
        var options = new ImageAugmentingOptions();
        switch (setting)
        {
            case nameof(ImageAugmentingOptions.HorizontalFlipProbability): options.HorizontalFlipProbability = 1.5; break;
            case nameof(ImageAugmentingOptions.RotationDegrees): options.RotationDegrees = double.NaN; break;
            case nameof(ImageAugmentingOptions.Brightness): options.Brightness = -0.1; break;
            case nameof(ImageAugmentingOptions.CropPadding): options.CropPadding = -1; break;
            case nameof(ImageAugmentingOptions.RandomResizedCropWidth): options.RandomResizedCropWidth = 10; break; // height left 0
            default: options.RandomResizedCropMinScale = 0; break;
        }

        Action make = () => fer.Transforms.Augment(options);

        make.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(setting);
    }
}
