namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// One column of ML.NET's ImagePixelExtractingTransformer. Each extracted value is
/// (pixel - <see cref="Offset"/>) * <see cref="Scale"/>; the output is planar [C, H, W] or, with
/// <see cref="Interleave"/>, [H, W, C], channels in <see cref="Order"/> skipping those not extracted.
/// </summary>
public sealed record PixelExtractingColumn
{
    /// <summary>Creates the column settings (defaults as ML.NET's: RGB, ARGB order, planar, float, offset 0, scale 1).</summary>
    /// <exception cref="ArgumentException">
    /// A name is empty; no or unknown channel bits; undefined order; offset not finite; scale not
    /// finite or zero; or offset/scale other than 0/1 for byte output (ML.NET ignores them there).
    /// </exception>
    public PixelExtractingColumn(string output, string input, MLNetColorBits colors = MLNetColorBits.Rgb,
        MLNetColorsOrder order = MLNetColorsOrder.Argb, bool outputAsFloat = true, float offset = 0f, float scale = 1f,
        bool interleave = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        if (colors == MLNetColorBits.None || (colors & MLNetColorBits.All) != colors)
            throw new ArgumentOutOfRangeException(nameof(colors), colors, "need at least one of Alpha, Red, Green, Blue and no other bits.");
        if (!Enum.IsDefined(order)) throw new ArgumentOutOfRangeException(nameof(order), order, "undefined colour order.");
        if (!float.IsFinite(offset)) throw new ArgumentOutOfRangeException(nameof(offset), offset, "must be finite.");
        if (!float.IsFinite(scale) || scale == 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "must be finite and non-zero.");
        if (!outputAsFloat && (offset != 0 || scale != 1))
            throw new ArgumentException($"byte output takes no offset or scale (got {offset}, {scale}); use outputAsFloat.", nameof(outputAsFloat));
        Output = output;
        Input = input;
        Colors = colors;
        Order = order;
        OutputAsFloat = outputAsFloat;
        Offset = offset;
        Scale = scale;
        Interleave = interleave;
    }

    /// <summary>The output (pixel vector) column.</summary>
    public string Output { get; }

    /// <summary>The input image column.</summary>
    public string Input { get; }

    /// <summary>The channels extracted.</summary>
    public MLNetColorBits Colors { get; }

    /// <summary>The order the extracted channels are laid out in.</summary>
    public MLNetColorsOrder Order { get; }

    /// <summary>True for float output, false for bytes.</summary>
    public bool OutputAsFloat { get; }

    /// <summary>Subtracted from each channel value before scaling.</summary>
    public float Offset { get; }

    /// <summary>Multiplies each channel value after the offset.</summary>
    public float Scale { get; }

    /// <summary>True for [H, W, C] output, false for planar [C, H, W].</summary>
    public bool Interleave { get; }

    /// <summary>The number of channels extracted (1 to 4).</summary>
    public int Planes => System.Numerics.BitOperations.PopCount((uint)Colors);
}
