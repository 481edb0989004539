using System.Globalization;
using Fer.Tensors.Autograd;
using Fer.Tensors.Kernels.Convolution;
using Fer.Tensors.Kernels.Pooling;

namespace Fer.Tensors.Nn;

public static partial class Functional
{
    /// <summary>
    /// 2-D max pooling of input [N, C, H, W] (or [C, H, W]) as PyTorch's max_pool2d: padding
    /// counts as -inf, ties go to the first maximum in the window, NaN propagates. The gradient
    /// flows to the winning input of each window.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W].</param>
    /// <param name="kernelSize">(height, width) of the window.</param>
    /// <param name="stride">(height, width); default the kernel size.</param>
    /// <param name="padding">(height, width) implicit -inf border; at most half the kernel. Default (0, 0).</param>
    /// <param name="dilation">(height, width) spacing of window taps; default (1, 1).</param>
    /// <param name="ceilMode">Round the output size up (a last partial window that starts inside the input is kept).</param>
    /// <exception cref="ArgumentException">The input is not 3-D/4-D, padding exceeds half the kernel, or the output would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Kernel, stride or dilation is not positive, or padding is negative.</exception>
    public static Tensor MaxPool2d(Tensor input, (int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null,
        (int H, int W)? dilation = null, bool ceilMode = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 3) return MaxPool2d(input.Unsqueeze(0), kernelSize, stride, padding, dilation, ceilMode).Squeeze(0);
        PoolGeometry g = PoolGeometryFor("MaxPool2d", input, kernelSize, stride, padding, dilation ?? (1, 1), ceilMode);
        Tensor x = ConvTensors.Dense(input);
        var output = Tensor.Empty(input.Size(0), input.Size(1), g.OutH, g.OutW);
        // The winners' indices, pooled like the output inside a training step's scope.
        Tensor? argmax = input.RequiresGrad && GradMode.IsEnabled ? Tensor.Empty(output.Shape.ToArray()) : null;
        MaxPool2dKernel.Forward(ConvTensors.Read(x), ConvTensors.Write(output), argmax is null ? Memory<float>.Empty : ConvTensors.Write(argmax), g);
        int[] inShape = input.Shape.ToArray();
        return Tensor.Record(output, "max_pool2d", input, grad =>
        {
            var gx = Tensor.Empty(inShape);
            MaxPool2dKernel.Backward(ConvTensors.Read(ConvTensors.Dense(grad)), ConvTensors.Read(argmax!), ConvTensors.Write(gx), g);
            return gx;
        });
    }

    /// <summary>
    /// <see cref="MaxPool2d(Tensor, ValueTuple{int, int}, ValueTuple{int, int}?, ValueTuple{int, int}?, ValueTuple{int, int}?, bool)"/>
    /// with square sizes (PyTorch's int arguments); <paramref name="stride"/> null means the kernel size.
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        => MaxPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode);

    /// <summary>
    /// 2-D average pooling of input [N, C, H, W] (or [C, H, W]) as PyTorch's avg_pool2d. With
    /// <paramref name="countIncludePad"/> the divisor counts zero padding (not the overhang of a
    /// ceil-mode window); without it only input pixels.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W].</param>
    /// <param name="kernelSize">(height, width) of the window.</param>
    /// <param name="stride">(height, width); default the kernel size.</param>
    /// <param name="padding">(height, width) zero border; at most half the kernel. Default (0, 0).</param>
    /// <param name="ceilMode">Round the output size up.</param>
    /// <param name="countIncludePad">Count padding zeros in the divisor (PyTorch's default true).</param>
    /// <exception cref="ArgumentException">The input is not 3-D/4-D, padding exceeds half the kernel, or the output would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Kernel or stride is not positive, or padding is negative.</exception>
    public static Tensor AvgPool2d(Tensor input, (int H, int W) kernelSize, (int H, int W)? stride = null, (int H, int W)? padding = null,
        bool ceilMode = false, bool countIncludePad = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 3) return AvgPool2d(input.Unsqueeze(0), kernelSize, stride, padding, ceilMode, countIncludePad).Squeeze(0);
        PoolGeometry g = PoolGeometryFor("AvgPool2d", input, kernelSize, stride, padding, (1, 1), ceilMode);
        Tensor x = ConvTensors.Dense(input);
        var output = Tensor.Empty(input.Size(0), input.Size(1), g.OutH, g.OutW);
        AvgPool2dKernel.Forward(ConvTensors.Read(x), ConvTensors.Write(output), g, countIncludePad);
        int[] inShape = input.Shape.ToArray();
        return Tensor.Record(output, "avg_pool2d", input, grad =>
        {
            var gx = Tensor.Empty(inShape);
            AvgPool2dKernel.Backward(ConvTensors.Read(ConvTensors.Dense(grad)), ConvTensors.Write(gx), g, countIncludePad);
            return gx;
        });
    }

    /// <summary>
    /// <see cref="AvgPool2d(Tensor, ValueTuple{int, int}, ValueTuple{int, int}?, ValueTuple{int, int}?, bool, bool)"/>
    /// with square sizes (PyTorch's int arguments); <paramref name="stride"/> null means the kernel size.
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        => AvgPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad);

    /// <summary>
    /// Adaptive average pooling of input [N, C, H, W] (or [C, H, W]) to [N, C, outH, outW] with
    /// PyTorch's bins: output i averages input [floor(i*H/outH), ceil((i+1)*H/outH)) (bins may
    /// overlap). Output (1, 1) is global average pooling.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 3-D/4-D or has an empty spatial size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An output size is not positive.</exception>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int H, int W) outputSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 3) return AdaptiveAvgPool2d(input.Unsqueeze(0), outputSize).Squeeze(0);
        var (oh, ow) = PositivePair(outputSize, nameof(outputSize));
        if (input.Rank != 4)
            throw new ArgumentException($"AdaptiveAvgPool2d: input must be [N, C, H, W] or [C, H, W]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        int n = input.Size(0), c = input.Size(1), h = input.Size(2), w = input.Size(3);
        if (h == 0 || w == 0)
            throw new ArgumentException($"AdaptiveAvgPool2d: input {Tensor.FormatShape(input.Shape)} has an empty spatial size.", nameof(input));
        Tensor x = ConvTensors.Dense(input);
        var output = Tensor.Empty(n, c, oh, ow);
        AdaptiveAvgPool2dKernel.Forward(ConvTensors.Read(x), ConvTensors.Write(output), n * c, h, w, oh, ow);
        return Tensor.Record(output, "adaptive_avg_pool2d", input, grad =>
        {
            var gx = Tensor.Empty(n, c, h, w);
            AdaptiveAvgPool2dKernel.Backward(ConvTensors.Read(ConvTensors.Dense(grad)), ConvTensors.Write(gx), n * c, h, w, oh, ow);
            return gx;
        });
    }

    /// <summary>Adaptive average pooling to a square output (PyTorch's int argument).</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int outputSize) => AdaptiveAvgPool2d(input, (outputSize, outputSize));

    /// <summary>Global average pooling: [N, C, H, W] to [N, C, 1, 1] (adaptive pooling to (1, 1)).</summary>
    public static Tensor GlobalAvgPool2d(Tensor input) => AdaptiveAvgPool2d(input, (1, 1));

    private static PoolGeometry PoolGeometryFor(string op, Tensor input, (int H, int W) kernel, (int H, int W)? stride,
        (int H, int W)? padding, (int H, int W) dilation, bool ceilMode)
    {
        var (kh, kw) = PositivePair(kernel, "kernelSize");
        var (sh, sw) = PositivePair(stride ?? kernel, nameof(stride));
        var (dh, dw) = PositivePair(dilation, nameof(dilation));
        var (ph, pw) = padding ?? (0, 0);
        if (ph < 0 || pw < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), $"{op}: padding must be non-negative; got ({ph}, {pw}).");
        if (input.Rank != 4)
            throw new ArgumentException($"{op}: input must be [N, C, H, W] or [C, H, W]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        if (ph > kh / 2 || pw > kw / 2)
            throw new ArgumentException($"{op}: padding ({ph}, {pw}) must be at most half the kernel size ({kh}, {kw}).", nameof(padding));
        int h = input.Size(2), w = input.Size(3);
        long oh = PoolGeometry.OutputSize(h, kh, sh, ph, dh, ceilMode);
        long ow = PoolGeometry.OutputSize(w, kw, sw, pw, dw, ceilMode);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{op}: input {Tensor.FormatShape(input.Shape)} is too small for kernel ({kh}, {kw}), stride ({sh}, {sw}), padding ({ph}, {pw}), dilation ({dh}, {dw}): the output would be {oh} x {ow}."), nameof(input));
        return new PoolGeometry(input.Size(0) * input.Size(1), h, w, (int)oh, (int)ow, kh, kw, sh, sw, ph, pw, dh, dw);
    }
}
