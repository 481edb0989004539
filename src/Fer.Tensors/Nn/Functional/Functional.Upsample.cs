using System.Globalization;
using Fer.Tensors.Kernels.Convolution;
using Fer.Tensors.Kernels.Pooling;

namespace Fer.Tensors.Nn;

public static partial class Functional
{
    /// <summary>
    /// Resizes input [N, C, H, W] to [N, C, outH, outW] as PyTorch's interpolate/Upsample. Give
    /// exactly one of <paramref name="size"/> and <paramref name="scaleFactor"/>; with a scale the
    /// output is floor(H * scale) and coordinates map with 1/scale, with a size they map with in/out.
    /// Nearest takes src = floor(dst * mapping); bilinear without <paramref name="alignCorners"/> uses
    /// half-pixel centres (src = mapping*(dst + 0.5) - 0.5, clamped at 0), with it corners map to corners.
    /// </summary>
    /// <param name="input">[N, C, H, W].</param>
    /// <param name="size">(height, width) of the output, or null.</param>
    /// <param name="scaleFactor">(height, width) multipliers, or null.</param>
    /// <param name="mode">Nearest or bilinear.</param>
    /// <param name="alignCorners">Bilinear only: map the corner pixels' centres onto each other.</param>
    /// <exception cref="ArgumentException">Neither or both of size and scale given, align_corners with nearest, a bad input shape, or an empty output.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or scale is not positive.</exception>
    public static Tensor Upsample(Tensor input, (int H, int W)? size = null, (double H, double W)? scaleFactor = null,
        UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (size is null == scaleFactor is null)
            throw new ArgumentException("Upsample: give exactly one of size and scaleFactor.", nameof(size));
        if (mode is not (UpsampleMode.Nearest or UpsampleMode.Bilinear))
            throw new ArgumentOutOfRangeException(nameof(mode), $"Upsample: unknown mode {mode}.");
        if (alignCorners && mode == UpsampleMode.Nearest)
            throw new ArgumentException("Upsample: alignCorners only applies to bilinear mode.", nameof(alignCorners));
        if (input.Rank != 4)
            throw new ArgumentException($"Upsample: input must be [N, C, H, W]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        int n = input.Size(0), c = input.Size(1), h = input.Size(2), w = input.Size(3);
        if (h == 0 || w == 0)
            throw new ArgumentException($"Upsample: input {Tensor.FormatShape(input.Shape)} has an empty spatial size.", nameof(input));
        int oh, ow;
        double scaleH = 0, scaleW = 0;
        if (size is { } s)
        {
            (oh, ow) = PositivePair(s, nameof(size));
        }
        else
        {
            (scaleH, scaleW) = scaleFactor!.Value;
            if (!(scaleH > 0) || !(scaleW > 0) || double.IsInfinity(scaleH) || double.IsInfinity(scaleW))
                throw new ArgumentOutOfRangeException(nameof(scaleFactor), $"Upsample: scale factors must be positive and finite; got ({scaleH}, {scaleW}).");
            double fh = Math.Floor(h * scaleH), fw = Math.Floor(w * scaleW);
            if (fh < 1 || fw < 1 || fh > int.MaxValue || fw > int.MaxValue)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Upsample: scale ({scaleH}, {scaleW}) turns input {Tensor.FormatShape(input.Shape)} into an invalid output size {fh} x {fw}."), nameof(scaleFactor));
            (oh, ow) = ((int)fh, (int)fw);
        }

        Tensor x = ConvTensors.Dense(input);
        var output = Tensor.Empty(n, c, oh, ow);
        int planes = n * c;
        if (mode == UpsampleMode.Nearest)
        {
            int[] rows = UpsampleKernel.NearestIndices(h, oh, scaleH), cols = UpsampleKernel.NearestIndices(w, ow, scaleW);
            UpsampleKernel.NearestForward(ConvTensors.Read(x), ConvTensors.Write(output), planes, h, w, rows, cols);
            return Tensor.Record(output, "upsample_nearest2d", input, grad =>
            {
                var gx = Tensor.Empty(n, c, h, w);
                UpsampleKernel.NearestBackward(ConvTensors.Read(ConvTensors.Dense(grad)), ConvTensors.Write(gx), planes, h, w, rows, cols);
                return gx;
            });
        }
        var rowTaps = UpsampleKernel.LinearTaps(h, oh, scaleH, alignCorners);
        var colTaps = UpsampleKernel.LinearTaps(w, ow, scaleW, alignCorners);
        UpsampleKernel.BilinearForward(ConvTensors.Read(x), ConvTensors.Write(output), planes, h, w, rowTaps, colTaps);
        return Tensor.Record(output, "upsample_bilinear2d", input, grad =>
        {
            var gx = Tensor.Empty(n, c, h, w);
            UpsampleKernel.BilinearBackward(ConvTensors.Read(ConvTensors.Dense(grad)), ConvTensors.Write(gx), planes, h, w, rowTaps, colTaps);
            return gx;
        });
    }

    /// <summary>Resizes by the same <paramref name="scaleFactor"/> along both axes (see <see cref="Upsample(Tensor, ValueTuple{int, int}?, ValueTuple{double, double}?, UpsampleMode, bool)"/>).</summary>
    public static Tensor Upsample(Tensor input, double scaleFactor, UpsampleMode mode = UpsampleMode.Nearest, bool alignCorners = false)
        => Upsample(input, null, (scaleFactor, scaleFactor), mode, alignCorners);
}
