namespace Fer.Tensors.Nn;

/// <summary>Resizing layer (PyTorch's nn.Upsample); see <see cref="Functional.Upsample(Tensor, ValueTuple{int, int}?, ValueTuple{double, double}?, UpsampleMode, bool)"/>.</summary>
public sealed class Upsample : Module
{
    /// <summary>Creates the layer from exactly one of an output size and a scale factor.</summary>
    /// <exception cref="ArgumentException">Neither or both given, or alignCorners with nearest mode.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or scale is not positive.</exception>
    public Upsample((int H, int W)? size = null, (double H, double W)? scaleFactor = null, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
    {
        if (size is null == scaleFactor is null)
            throw new ArgumentException("Upsample: give exactly one of size and scaleFactor.", nameof(size));
        if (size is { } s) Conv2d.CheckPair(s, nameof(size));
        if (scaleFactor is { } f && (!(f.H > 0) || !(f.W > 0) || double.IsInfinity(f.H) || double.IsInfinity(f.W)))
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), $"Upsample: scale factors must be positive and finite; got {f}.");
        if (alignCorners && mode == UpsampleMode.Nearest)
            throw new ArgumentException("Upsample: alignCorners only applies to bilinear mode.", nameof(alignCorners));
        Size = size;
        ScaleFactor = scaleFactor;
        Mode = mode;
        AlignCorners = alignCorners;
    }

    /// <summary>The same scale factor along both axes.</summary>
    public Upsample(double scaleFactor, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
        : this(null, (scaleFactor, scaleFactor), mode, alignCorners)
    {
    }

    /// <summary>(height, width) of the output, or null when a scale factor is used.</summary>
    public (int H, int W)? Size { get; }

    /// <summary>(height, width) multipliers, or null when a size is used.</summary>
    public (double H, double W)? ScaleFactor { get; }

    /// <summary>Interpolation mode.</summary>
    public UpsampleMode Mode { get; }

    /// <summary>Bilinear corner alignment.</summary>
    public bool AlignCorners { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Upsample(input, Size, ScaleFactor, Mode, AlignCorners);
}
