using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Resizes an image column to a fixed width and height (the output type is
/// <see cref="ImageDataViewType"/>(width, height), so a later pixel extraction knows its shape).
/// The aspect ratio is handled by <see cref="Options.Resizing"/>; the interpolation is
/// <see cref="Options.Interpolation"/> (see <see cref="ResizeMode"/>).
/// </summary>
public sealed class ImageResizingTransformer : RowMappingTransformer
{
    /// <summary>The largest target side accepted.</summary>
    public const int MaxSide = 16384;

    private readonly Work mapper;

    /// <summary>Creates the transformer.</summary>
    /// <exception cref="ArgumentException">A column name is empty, a size is outside 1..<see cref="MaxSide"/>, or an enum value is undefined.</exception>
    public ImageResizingTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImageWidth, 1, nameof(options.ImageWidth));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImageHeight, 1, nameof(options.ImageHeight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ImageWidth, MaxSide, nameof(options.ImageWidth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ImageHeight, MaxSide, nameof(options.ImageHeight));
        if (!Enum.IsDefined(options.Resizing)) throw new ArgumentOutOfRangeException(nameof(options), options.Resizing, "Resizing is not a defined ImageResizingKind.");
        if (!Enum.IsDefined(options.Interpolation)) throw new ArgumentOutOfRangeException(nameof(options), options.Interpolation, "Interpolation is not a defined ResizeMode.");
        Settings = new Options
        {
            OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName,
            ImageWidth = options.ImageWidth, ImageHeight = options.ImageHeight,
            Resizing = options.Resizing, Interpolation = options.Interpolation, PadColor = options.PadColor,
        };
        mapper = new Work(Settings);
    }

    /// <summary>A copy of the settings the transformer was made with.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Kind => "ResizeImages";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
        ["imageWidth"] = Settings.ImageWidth,
        ["imageHeight"] = Settings.ImageHeight,
        ["resizing"] = Settings.Resizing.ToString(),
        ["interpolation"] = Settings.Interpolation.ToString(),
        ["padColor"] = Settings.PadColor,
    });

    internal static ImageResizingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
        ImageWidth = s.Get<int>("imageWidth"),
        ImageHeight = s.Get<int>("imageHeight"),
        Resizing = s.GetEnum<ImageResizingKind>("resizing"),
        Interpolation = s.GetEnum<ResizeMode>("interpolation"),
        PadColor = s.Get<byte>("padColor"),
    });

    /// <summary>Resizes one image as the transformer does (for callers outside a pipeline).</summary>
    public Image Apply(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Resize(image, Settings);
    }

    private static Image Resize(Image image, Options o)
    {
        int w = o.ImageWidth, h = o.ImageHeight, sw = image.Width, sh = image.Height;
        switch (o.Resizing)
        {
            case ImageResizingKind.IsoPad:
            {
                // Fit inside w x h; the scaled side is rounded to the nearest pixel (integer maths, exact).
                int nw = w, nh = h;
                if ((long)w * sh <= (long)h * sw) nh = RoundedRatio(sh, w, sw, h);
                else nw = RoundedRatio(sw, h, sh, w);
                Image fitted = image.Resize(nw, nh, o.Interpolation);
                int dx = w - nw, dy = h - nh;
                return dx == 0 && dy == 0 ? fitted : fitted.Pad(dx / 2, dy / 2, dx - dx / 2, dy - dy / 2, o.PadColor);
            }
            case ImageResizingKind.IsoCrop:
            {
                // The largest centred region with the target's aspect ratio.
                int cw = sw, ch = sh;
                if ((long)sw * h > (long)w * sh) cw = RoundedRatio(sh, w, h, sw);
                else ch = RoundedRatio(sw, h, w, sh);
                Image region = cw == sw && ch == sh ? image : image.Crop((sw - cw) / 2, (sh - ch) / 2, cw, ch);
                return region.Resize(w, h, o.Interpolation);
            }
            default:
                return image.Resize(w, h, o.Interpolation);
        }
    }

    /// <summary>round(a * b / c), clamped to 1..max, computed in integers (halves round up).</summary>
    private static int RoundedRatio(int a, int b, int c, int max)
        => (int)Math.Clamp((2L * a * b + c) / (2L * c), 1, max);

    /// <summary>Settings of <see cref="ImageResizingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The resized image column to write.</summary>
        public string OutputColumnName { get; set; } = "Image";

        /// <summary>The image column to read (null: the output column name).</summary>
        public string? InputColumnName { get; set; }

        /// <summary>Target width in pixels (1..<see cref="MaxSide"/>).</summary>
        public int ImageWidth { get; set; }

        /// <summary>Target height in pixels (1..<see cref="MaxSide"/>).</summary>
        public int ImageHeight { get; set; }

        /// <summary>How the aspect ratio is handled (default <see cref="ImageResizingKind.Fill"/>).</summary>
        public ImageResizingKind Resizing { get; set; } = ImageResizingKind.Fill;

        /// <summary>The interpolation (default <see cref="ResizeMode.Bilinear"/>).</summary>
        public ResizeMode Interpolation { get; set; } = ResizeMode.Bilinear;

        /// <summary>The grey level of the borders added by <see cref="ImageResizingKind.IsoPad"/>, in every channel (default 0, black).</summary>
        public byte PadColor { get; set; }
    }

    private sealed class Work(Options settings) : RowMapper
    {
        private string Input => settings.InputColumnName ?? settings.OutputColumnName;

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override bool IsExpensive => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, Input, "Image", TransformSupport.IsImage, "ResizeImages");
            return [(settings.OutputColumnName, new ImageDataViewType(settings.ImageWidth, settings.ImageHeight), null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            outputs[0] = Resize(TransformSupport.RequireImage(inputs[0], "ResizeImages", Input), settings);
            return true;
        }
    }
}
