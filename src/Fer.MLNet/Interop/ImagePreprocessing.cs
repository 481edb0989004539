using System.Globalization;
using System.Text.Json.Nodes;
using Fer.MLNet.Transforms;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Interop;

/// <summary>
/// How images must be prepared for an exported model: resized to <see cref="Width"/> x
/// <see cref="Height"/>, optionally converted to grey, then laid out planar [C, H, W] with
/// value[c, y, x] = (pixel * <see cref="Scale"/> - <see cref="Mean"/>[c]) / <see cref="Std"/>[c],
/// pixel in 0..255 (what <see cref="ImagePixelExtractingTransformer"/> computes). Written into the
/// ONNX model's metadata and used to build the ML.NET chain.
/// </summary>
public sealed record ImagePreprocessing
{
    /// <summary>Creates the description.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the scale is zero or not finite, or mean/std have neither 1 nor C finite values (std non-zero).</exception>
    public ImagePreprocessing(int width, int height, PixelColorMode colors, float scale = 1f / 255f, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!Enum.IsDefined(colors)) throw new ArgumentOutOfRangeException(nameof(colors), colors, "undefined colour mode.");
        if (!float.IsFinite(scale) || scale == 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be finite and non-zero.");
        Width = width;
        Height = height;
        Colors = colors;
        Scale = scale;
        Mean = PerChannel(mean, Channels, 0f, nameof(mean), zeroAllowed: true);
        Std = PerChannel(std, Channels, 1f, nameof(std), zeroAllowed: false);
    }

    /// <summary>Target width in pixels.</summary>
    public int Width { get; }

    /// <summary>Target height in pixels.</summary>
    public int Height { get; }

    /// <summary>The channels the model reads.</summary>
    public PixelColorMode Colors { get; }

    /// <summary>The number of channels: 1 for grey, 3 for RGB.</summary>
    public int Channels => Colors == PixelColorMode.Grey ? 1 : 3;

    /// <summary>Multiplies each 0..255 sample first.</summary>
    public float Scale { get; }

    /// <summary>Subtracted per channel after scaling (one value per channel).</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Divides per channel after the mean (one value per channel).</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>True when the image is converted to grey before the pixels are extracted (a grey image in RGB planes).</summary>
    public bool GreyImage { get; init; }

    /// <summary>How the image is fitted to the target size; default <see cref="ImageResizingKind.Fill"/>.</summary>
    public ImageResizingKind Resizing { get; init; } = ImageResizingKind.Fill;

    /// <summary>The interpolation of the resize; default <see cref="ResizeMode.Bilinear"/>.</summary>
    public ResizeMode Interpolation { get; init; } = ResizeMode.Bilinear;

    /// <summary>The pipeline steps this was read from, in order (for people; empty when given by hand).</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>True when every channel has the same mean and the same std (ML.NET's pixel extractor can then apply them).</summary>
    public bool IsUniform => Mean.All(m => m == Mean[0]) && Std.All(s => s == Std[0]);

    /// <summary>The formula as text.</summary>
    public string Formula => string.Create(CultureInfo.InvariantCulture,
        $"value[c, y, x] = (pixel[c, y, x] * {Scale:R} - mean[c]) / std[c], pixel in 0..255, mean = [{string.Join(", ", Mean.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}], std = [{string.Join(", ", Std.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]");

    /// <summary>The description as a JSON object (what the ONNX metadata key "preprocessing" holds).</summary>
    public JsonObject ToJson() => new()
    {
        ["layout"] = "NCHW",
        ["width"] = Width,
        ["height"] = Height,
        ["channels"] = Channels,
        ["colors"] = Colors == PixelColorMode.Grey ? "Grey" : GreyImage ? "GreyAsRgb" : "Rgb",
        ["scale"] = Scale,
        ["mean"] = new JsonArray([.. Mean.Select(v => (JsonNode)JsonValue.Create(v))]),
        ["std"] = new JsonArray([.. Std.Select(v => (JsonNode)JsonValue.Create(v))]),
        ["resizing"] = Resizing.ToString(),
        ["interpolation"] = Interpolation.ToString(),
        ["formula"] = Formula,
        ["steps"] = new JsonArray([.. Steps.Select(s => (JsonNode)JsonValue.Create(s))]),
    };

    private static float[] PerChannel(IReadOnlyList<float>? values, int channels, float fallback, string name, bool zeroAllowed)
    {
        if (values is null) return Enumerable.Repeat(fallback, channels).ToArray();
        if (values.Count != 1 && values.Count != channels)
            throw new ArgumentException($"{name} has {values.Count} values; {channels} channel(s) need 1 or {channels}.", name);
        foreach (float v in values)
        {
            if (!float.IsFinite(v) || (!zeroAllowed && v == 0))
                throw new ArgumentException($"{name} holds {v}; every value must be finite{(zeroAllowed ? "" : " and non-zero")}.", name);
        }
        return values.Count == channels ? [.. values] : Enumerable.Repeat(values[0], channels).ToArray();
    }
}
