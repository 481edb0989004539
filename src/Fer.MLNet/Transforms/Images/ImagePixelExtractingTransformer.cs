using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Turns an image column into a float vector laid out planar [C, H, W], C = 1 (grey) or 3 (RGB):
/// value[c, y, x] = (pixel * <see cref="Options.Scale"/> - mean[c]) / std[c]. When the input column
/// has a known size (after <see cref="ImageResizingTransformer"/>) the output type is the fixed
/// shape [C, H, W], and an image of another size is an error naming the row; otherwise the vector
/// has a variable length.
/// </summary>
public sealed class ImagePixelExtractingTransformer : RowMappingTransformer
{
    private readonly Work mapper;
    private readonly float[] mean;
    private readonly float[] std;

    /// <summary>Creates the transformer.</summary>
    /// <exception cref="ArgumentException">
    /// A column name is empty, the colour mode is undefined, the scale is zero or not finite, or mean/std
    /// do not have 1 or C finite values (std non-zero).
    /// </exception>
    public ImagePixelExtractingTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        if (!Enum.IsDefined(options.Colors)) throw new ArgumentOutOfRangeException(nameof(options), options.Colors, "Colors is not a defined PixelColorMode.");
        if (!float.IsFinite(options.Scale) || options.Scale == 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Scale, "Scale must be finite and non-zero.");
        int c = options.Colors == PixelColorMode.Grey ? 1 : 3;
        mean = PerChannel(options.Mean, c, 0f, "Mean", zeroAllowed: true);
        std = PerChannel(options.Std, c, 1f, "Std", zeroAllowed: false);
        Settings = new Options
        {
            OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName, Colors = options.Colors,
            Scale = options.Scale, Mean = (float[])mean.Clone(), Std = (float[])std.Clone(),
        };
        mapper = new Work(this, 0, 0);
    }

    /// <summary>ImageNet's per-channel mean (R, G, B) for inputs scaled to [0, 1].</summary>
    public static float[] ImageNetMean => [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet's per-channel standard deviation (R, G, B) for inputs scaled to [0, 1].</summary>
    public static float[] ImageNetStd => [0.229f, 0.224f, 0.225f];

    /// <summary>A copy of the settings, with mean and std expanded to one value per channel.</summary>
    public Options Settings { get; }

    /// <summary>The number of planes written: 1 for grey, 3 for RGB.</summary>
    public int Channels => mean.Length;

    /// <inheritdoc />
    public override string Kind => "ExtractPixels";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // A mapper bound to this input's declared image size, so each row is checked against it.
        var col = input.Schema.GetColumnOrNull(mapper.Input);
        var type = col?.Type as ImageDataViewType;
        return new MappedDataView(input, new Work(this, type?.Width ?? 0, type?.Height ?? 0));
    }

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
        ["colors"] = Settings.Colors.ToString(),
        ["scale"] = Settings.Scale,
        ["mean"] = TransformSupport.ToJson(mean),
        ["std"] = TransformSupport.ToJson(std),
    });

    internal static ImagePixelExtractingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
        Colors = s.GetEnum<PixelColorMode>("colors"),
        Scale = s.Get<float>("scale"),
        Mean = s.GetFloats("mean"),
        Std = s.GetFloats("std"),
    });

    /// <summary>Extracts the pixels of one image as the transformer does ([C, H, W], C = <see cref="Channels"/>).</summary>
    public float[] Apply(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image source = Channels == 1 ? (image.Channels == 1 ? image : image.ToGrey()) : (image.Channels == 3 ? image : image.ToRgb());
        var values = new float[checked(Channels * source.Width * source.Height)];
        source.ToChw(values, mean, std, Settings.Scale);
        return values;
    }

    private static float[] PerChannel(float[]? values, int channels, float fallback, string name, bool zeroAllowed)
    {
        if (values is null) return Enumerable.Repeat(fallback, channels).ToArray();
        if (values.Length != 1 && values.Length != channels)
            throw new ArgumentException($"{name} has {values.Length} values; {PixelColorModeName(channels)} needs 1 or {channels}.", nameof(values));
        foreach (float v in values)
        {
            if (!float.IsFinite(v) || (!zeroAllowed && v == 0))
                throw new ArgumentException($"{name} holds {v}; every value must be finite{(zeroAllowed ? "" : " and non-zero")}.", nameof(values));
        }
        return values.Length == channels ? (float[])values.Clone() : Enumerable.Repeat(values[0], channels).ToArray();
    }

    private static string PixelColorModeName(int channels) => channels == 1 ? "Grey" : "Rgb";

    /// <summary>Settings of <see cref="ImagePixelExtractingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The float vector column to write.</summary>
        public string OutputColumnName { get; set; } = "Pixels";

        /// <summary>The image column to read (null: the output column name).</summary>
        public string? InputColumnName { get; set; }

        /// <summary>The channels written (default <see cref="PixelColorMode.Rgb"/>).</summary>
        public PixelColorMode Colors { get; set; } = PixelColorMode.Rgb;

        /// <summary>Multiplies each 0..255 sample first (default 1/255, giving [0, 1]).</summary>
        public float Scale { get; set; } = 1f / 255f;

        /// <summary>Subtracted per channel after scaling: 1 value or one per channel (null: 0).</summary>
        public float[]? Mean { get; set; }

        /// <summary>Divides per channel after the mean: 1 value or one per channel, non-zero (null: 1).</summary>
        public float[]? Std { get; set; }
    }

    private sealed class Work(ImagePixelExtractingTransformer owner, int width, int height) : RowMapper
    {
        internal string Input => owner.Settings.InputColumnName ?? owner.Settings.OutputColumnName;

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override bool IsExpensive => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            var col = RequireColumn(inputSchema, Input, "Image", TransformSupport.IsImage, "ExtractPixels");
            var type = (ImageDataViewType)col.Type;
            VectorDataViewType output = type.Width > 0 && type.Height > 0
                ? new VectorDataViewType(owner.Channels, type.Height, type.Width)
                : new VectorDataViewType();
            return [(owner.Settings.OutputColumnName, output, null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            Image image = TransformSupport.RequireImage(inputs[0], "ExtractPixels", Input);
            if (width > 0 && height > 0 && (image.Width != width || image.Height != height))
                throw new InvalidOperationException($"ExtractPixels: column '{Input}' is declared {width}x{height} but holds a {image.Width}x{image.Height} image.");
            outputs[0] = owner.Apply(image);
            return true;
        }
    }
}
