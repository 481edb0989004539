using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Tensors.Random;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Random image augmentation for training. While a later estimator of the pipeline is being fitted
/// (<see cref="TransformForTraining"/>), each row's image goes through, in this order: a random
/// resized crop, a padded random crop, a horizontal flip, a rotation and a colour jitter (each only
/// when enabled in <see cref="ImageAugmentingOptions"/>), drawn from the row's own generator: a cursor
/// made with another <see cref="Generator"/> (another epoch) gets other augmentations, and the same
/// generator seed gives the same ones. When scoring (<see cref="RowMappingTransformer.Transform"/>)
/// the image passes through unchanged, or, with a random resized crop of another size, is resized to
/// that size, so both paths produce the same column type.
/// </summary>
public sealed class ImageAugmentingTransformer : RowMappingTransformer, ITrainingTransformer
{
    private readonly ScoringMapper scoring;
    private readonly TrainingMapper training;

    /// <summary>Creates the transformer.</summary>
    /// <param name="options">The augmentation settings.</param>
    /// <param name="defaultSeed">The seed used when <see cref="ImageAugmentingOptions.Seed"/> is null.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public ImageAugmentingTransformer(ImageAugmentingOptions options, ulong defaultSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Settings = options.Clone();
        Settings.Seed ??= defaultSeed;
        scoring = new ScoringMapper(Settings);
        training = new TrainingMapper(Settings);
    }

    /// <summary>A copy of the settings, with the seed resolved.</summary>
    public ImageAugmentingOptions Settings { get; }

    /// <inheritdoc />
    public override string Kind => "Augment";

    /// <inheritdoc />
    protected override RowMapper Mapper => scoring;

    /// <summary>
    /// The augmented view that later estimators see during Fit: rows get their generators from the
    /// cursor's generator (or from <see cref="ImageAugmentingOptions.Seed"/> when a cursor has none).
    /// </summary>
    /// <exception cref="ArgumentException">The input column is missing or not an image.</exception>
    public IDataView TransformForTraining(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, training, randomPerRow: true, seed: Settings.Seed!.Value);
    }

    /// <summary>Augments one image with <paramref name="random"/> as a training cursor does.</summary>
    public Image Augment(Image image, Generator random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        return Apply(image, random, Settings);
    }

    /// <inheritdoc />
    public override TransformerState GetState() => new(Settings.ToJson());

    internal static ImageAugmentingTransformer Load(TransformerState s) => new(ImageAugmentingOptions.FromState(s));

    private static Image Apply(Image image, Generator g, ImageAugmentingOptions o)
    {
        Image img = image;
        if (o.RandomResizedCropWidth > 0)
        {
            img = RandomResizedCrop.Apply(img, o.RandomResizedCropWidth, o.RandomResizedCropHeight, g,
                o.RandomResizedCropMinScale, o.RandomResizedCropMaxScale, o.RandomResizedCropMinRatio, o.RandomResizedCropMaxRatio);
        }
        if (o.CropPadding > 0)
        {
            int p = o.CropPadding;
            Image padded = img.Pad(p, p, p, p, o.FillColor);
            int x = g.NextInt(2 * p + 1), y = g.NextInt(2 * p + 1);
            img = padded.Crop(x, y, img.Width, img.Height);
        }
        if (o.HorizontalFlipProbability > 0 && g.NextBernoulli(o.HorizontalFlipProbability)) img = img.FlipHorizontal();
        if (o.RotationDegrees > 0) img = img.Rotate(g.NextUniform(-o.RotationDegrees, o.RotationDegrees), o.FillColor);
        if (o.Brightness > 0 || o.Contrast > 0 || o.Saturation > 0) img = img.ColorJitter(g, o.Brightness, o.Contrast, o.Saturation);
        return img;
    }

    /// <summary>Both mappers declare the same output column.</summary>
    private abstract class AugmentMapper(ImageAugmentingOptions settings) : RowMapper
    {
        protected ImageAugmentingOptions Settings => settings;

        protected string Input => settings.InputColumnName ?? settings.OutputColumnName;

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            var col = RequireColumn(inputSchema, Input, "Image", TransformSupport.IsImage, "Augment");
            var type = (ImageDataViewType)col.Type;
            ImageDataViewType output = settings.RandomResizedCropWidth > 0
                ? new ImageDataViewType(settings.RandomResizedCropWidth, settings.RandomResizedCropHeight)
                : new ImageDataViewType(type.Width, type.Height);
            return [(settings.OutputColumnName, output, null)];
        }
    }

    private sealed class ScoringMapper(ImageAugmentingOptions settings) : AugmentMapper(settings)
    {
        public override bool IsExpensive => Settings.RandomResizedCropWidth > 0;

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            Image image = TransformSupport.RequireImage(inputs[0], "Augment", Input);
            int w = Settings.RandomResizedCropWidth, h = Settings.RandomResizedCropHeight;
            outputs[0] = w > 0 && (image.Width != w || image.Height != h) ? image.Resize(w, h) : image;
            return true;
        }
    }

    private sealed class TrainingMapper(ImageAugmentingOptions settings) : AugmentMapper(settings)
    {
        public override bool IsExpensive => true;

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            Image image = TransformSupport.RequireImage(inputs[0], "Augment", Input);
            Generator random = context.Random ?? throw new InvalidOperationException("Augment: the row has no generator (the view must be built with randomPerRow).");
            outputs[0] = Apply(image, random, Settings);
            return true;
        }
    }
}
