using System.Globalization;
using Fer.Tensors.Kernels.Convolution;

namespace Fer.Tensors.Nn;

/// <summary>Stateless neural-network operations with PyTorch's semantics (torch.nn.functional).</summary>
public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch's conv2d) of input [N, C_in, H, W] (or
    /// unbatched [C_in, H, W]) with weight [C_out, C_in / groups, kH, kW] and optional bias [C_out].
    /// Output [N, C_out, H_out, W_out] with H_out = floor((H + top + bottom - dilation*(kH-1) - 1) / stride) + 1.
    /// </summary>
    /// <param name="input">[N, C_in, H, W] or [C_in, H, W].</param>
    /// <param name="weight">[C_out, C_in / groups, kH, kW].</param>
    /// <param name="bias">[C_out], or null.</param>
    /// <param name="stride">(height, width); default (1, 1).</param>
    /// <param name="padding">Zero padding; default <see cref="Conv2dPadding.Valid"/>. <see cref="Conv2dPadding.Same"/> is TensorFlow's.</param>
    /// <param name="dilation">(height, width) spacing of kernel taps; default (1, 1).</param>
    /// <param name="groups">Channel groups; C_in and C_out must be divisible by it (groups = C_in is depthwise).</param>
    /// <exception cref="ArgumentException">Shapes do not agree (the message names both) or the kernel does not fit the padded input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Stride, dilation or groups is not positive.</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, (int H, int W)? stride = null,
        Conv2dPadding? padding = null, (int H, int W)? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank == 3) return Conv2d(input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups).Squeeze(0);
        var (sh, sw) = PositivePair(stride ?? (1, 1), nameof(stride));
        var (dh, dw) = PositivePair(dilation ?? (1, 1), nameof(dilation));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        padding ??= Conv2dPadding.Valid;
        if (input.Rank != 4)
            throw new ArgumentException($"Conv2d: input must be [N, C_in, H, W] or [C_in, H, W]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        if (weight.Rank != 4)
            throw new ArgumentException($"Conv2d: weight must be [C_out, C_in / groups, kH, kW]; got {Tensor.FormatShape(weight.Shape)}.", nameof(weight));
        int n = input.Size(0), cin = input.Size(1), h = input.Size(2), w = input.Size(3);
        int cout = weight.Size(0), kh = weight.Size(2), kw = weight.Size(3);
        if (cout % groups != 0)
            throw new ArgumentException($"Conv2d: weight {Tensor.FormatShape(weight.Shape)} has {cout} output channels, which groups ({groups}) does not divide.", nameof(weight));
        if (cin % groups != 0 || weight.Size(1) * groups != cin)
            throw new ArgumentException(
                $"Conv2d: weight {Tensor.FormatShape(weight.Shape)} expects C_in / groups = {weight.Size(1)}, i.e. {weight.Size(1) * groups} input channels with groups = {groups}, but input {Tensor.FormatShape(input.Shape)} has {cin} channels.", nameof(weight));
        CheckConvBias(bias, cout, "Conv2d");
        if (kh == 0 || kw == 0) throw new ArgumentException($"Conv2d: weight {Tensor.FormatShape(weight.Shape)} has an empty kernel.", nameof(weight));
        var (top, bottom, left, right) = padding.Resolve(h, w, kh, kw, sh, sw, dh, dw);
        int oh = ConvOutputSize(h, top + bottom, kh, sh, dh, "height", input, weight, padding);
        int ow = ConvOutputSize(w, left + right, kw, sw, dw, "width", input, weight, padding);

        var g = new ConvGeometry(n, cin, h, w, cout, oh, ow, kh, kw, sh, sw, top, left, dh, dw, groups);
        Tensor x = ConvTensors.Dense(input), wt = ConvTensors.Dense(weight);
        Tensor? b = bias is null ? null : ConvTensors.Dense(bias);
        var output = Tensor.Empty(n, cout, oh, ow);
        Conv2dKernel.Forward(ConvTensors.Read(x), ConvTensors.Read(wt), b is null ? default : ConvTensors.Read(b), ConvTensors.Write(output), g);

        // Keep only what backward will read.
        Tensor? savedInput = weight.RequiresGrad ? x : null;
        Tensor? savedWeight = input.RequiresGrad ? wt : null;
        bool biasGrad = bias is { RequiresGrad: true };
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tensor.Record(output, "conv2d", inputs, grad =>
        {
            Tensor gy = ConvTensors.Dense(grad);
            Tensor? gx = null, gw = null, gb = null;
            if (savedWeight is not null)
            {
                gx = Tensor.Empty(n, cin, h, w);
                Conv2dKernel.BackwardInput(ConvTensors.Read(gy), ConvTensors.Read(savedWeight), ConvTensors.Write(gx), g);
            }
            if (savedInput is not null)
            {
                gw = Tensor.Empty(cout, cin / groups, kh, kw);
                Conv2dKernel.BackwardWeight(ConvTensors.Read(savedInput), ConvTensors.Read(gy), ConvTensors.Write(gw), g);
            }
            if (biasGrad)
            {
                gb = Tensor.Empty(cout);
                Conv2dKernel.BackwardBias(ConvTensors.Read(gy), ConvTensors.Write(gb), n, cout, oh * ow);
            }
            return bias is null ? [gx, gw] : [gx, gw, gb];
        });
    }

    /// <summary>
    /// <see cref="Conv2d(Tensor, Tensor, Tensor?, ValueTuple{int, int}?, Conv2dPadding?, ValueTuple{int, int}?, int)"/>
    /// with square stride, symmetric padding and dilation given as single numbers (PyTorch's int arguments).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is negative, or stride, dilation or groups is not positive.</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding = 0, int dilation = 1, int groups = 1)
        => Conv2d(input, weight, bias, (stride, stride), Conv2dPadding.Symmetric(padding), (dilation, dilation), groups);

    /// <summary>
    /// 2-D transposed convolution (PyTorch's conv_transpose2d, the adjoint of <see cref="Conv2d(Tensor, Tensor, Tensor?, ValueTuple{int, int}?, Conv2dPadding?, ValueTuple{int, int}?, int)"/>)
    /// of input [N, C_in, H, W] with weight [C_in, C_out / groups, kH, kW] and optional bias [C_out].
    /// Output [N, C_out, H_out, W_out] with H_out = (H - 1)*stride - 2*padding + dilation*(kH - 1) + outputPadding + 1.
    /// </summary>
    /// <param name="input">[N, C_in, H, W] or [C_in, H, W].</param>
    /// <param name="weight">[C_in, C_out / groups, kH, kW].</param>
    /// <param name="bias">[C_out], or null.</param>
    /// <param name="stride">(height, width); default (1, 1).</param>
    /// <param name="padding">(height, width) rows/columns removed from each side of the full output; default (0, 0).</param>
    /// <param name="outputPadding">(height, width) extra rows/columns at the bottom/right; each must be smaller than the stride or the dilation.</param>
    /// <param name="groups">Channel groups; C_in must be divisible by it.</param>
    /// <param name="dilation">(height, width); default (1, 1).</param>
    /// <exception cref="ArgumentException">Shapes do not agree, or output padding is too large, or the output would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size argument is out of range.</exception>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, (int H, int W)? stride = null,
        (int H, int W)? padding = null, (int H, int W)? outputPadding = null, int groups = 1, (int H, int W)? dilation = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank == 3) return ConvTranspose2d(input.Unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation).Squeeze(0);
        var (sh, sw) = PositivePair(stride ?? (1, 1), nameof(stride));
        var (dh, dw) = PositivePair(dilation ?? (1, 1), nameof(dilation));
        var (ph, pw) = padding ?? (0, 0);
        var (oph, opw) = outputPadding ?? (0, 0);
        ArgumentOutOfRangeException.ThrowIfNegative(ph, nameof(padding));
        ArgumentOutOfRangeException.ThrowIfNegative(pw, nameof(padding));
        ArgumentOutOfRangeException.ThrowIfNegative(oph, nameof(outputPadding));
        ArgumentOutOfRangeException.ThrowIfNegative(opw, nameof(outputPadding));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        if (oph >= Math.Max(sh, dh) || opw >= Math.Max(sw, dw))
            throw new ArgumentException($"ConvTranspose2d: output padding ({oph}, {opw}) must be smaller than the stride ({sh}, {sw}) or the dilation ({dh}, {dw}) along each axis.", nameof(outputPadding));
        if (input.Rank != 4)
            throw new ArgumentException($"ConvTranspose2d: input must be [N, C_in, H, W] or [C_in, H, W]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        if (weight.Rank != 4)
            throw new ArgumentException($"ConvTranspose2d: weight must be [C_in, C_out / groups, kH, kW]; got {Tensor.FormatShape(weight.Shape)}.", nameof(weight));
        int n = input.Size(0), cin = input.Size(1), h = input.Size(2), w = input.Size(3);
        int kh = weight.Size(2), kw = weight.Size(3);
        if (weight.Size(0) != cin)
            throw new ArgumentException($"ConvTranspose2d: weight {Tensor.FormatShape(weight.Shape)} (laid out [C_in, C_out / groups, kH, kW]) expects {weight.Size(0)} input channels, but input {Tensor.FormatShape(input.Shape)} has {cin}.", nameof(weight));
        if (cin % groups != 0)
            throw new ArgumentException($"ConvTranspose2d: input channels ({cin}) are not divisible by groups ({groups}).", nameof(groups));
        if (kh == 0 || kw == 0 || weight.Size(1) == 0) throw new ArgumentException($"ConvTranspose2d: weight {Tensor.FormatShape(weight.Shape)} is empty.", nameof(weight));
        int cout = weight.Size(1) * groups;
        CheckConvBias(bias, cout, "ConvTranspose2d");
        long ohl = (long)(h - 1) * sh - 2L * ph + (long)dh * (kh - 1) + oph + 1;
        long owl = (long)(w - 1) * sw - 2L * pw + (long)dw * (kw - 1) + opw + 1;
        if (h == 0 || w == 0 || ohl <= 0 || owl <= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"ConvTranspose2d: input {Tensor.FormatShape(input.Shape)} with kernel {kh}x{kw}, stride ({sh}, {sw}), padding ({ph}, {pw}) gives an empty output ({ohl} x {owl})."), nameof(input));
        int oh = (int)ohl, ow = (int)owl;

        // The forward of a transposed conv is the input-gradient of the conv mapping [C_out, oh, ow] to [C_in, h, w].
        var g = new ConvGeometry(n, cout, oh, ow, cin, h, w, kh, kw, sh, sw, ph, pw, dh, dw, groups);
        Tensor x = ConvTensors.Dense(input), wt = ConvTensors.Dense(weight);
        var output = Tensor.Empty(n, cout, oh, ow);
        Conv2dKernel.BackwardInput(ConvTensors.Read(x), ConvTensors.Read(wt), ConvTensors.Write(output), g);
        if (bias is not null) AddConvBias(output, ConvTensors.Dense(bias));

        Tensor? savedInput = weight.RequiresGrad ? x : null;
        Tensor? savedWeight = input.RequiresGrad ? wt : null;
        bool biasGrad = bias is { RequiresGrad: true };
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tensor.Record(output, "conv_transpose2d", inputs, grad =>
        {
            Tensor gy = ConvTensors.Dense(grad);
            Tensor? gx = null, gw = null, gb = null;
            if (savedWeight is not null)
            {
                gx = Tensor.Empty(n, cin, h, w);
                Conv2dKernel.Forward(ConvTensors.Read(gy), ConvTensors.Read(savedWeight), default, ConvTensors.Write(gx), g);
            }
            if (savedInput is not null)
            {
                gw = Tensor.Empty(cin, cout / groups, kh, kw);
                Conv2dKernel.BackwardWeight(ConvTensors.Read(gy), ConvTensors.Read(savedInput), ConvTensors.Write(gw), g);
            }
            if (biasGrad)
            {
                gb = Tensor.Empty(cout);
                Conv2dKernel.BackwardBias(ConvTensors.Read(gy), ConvTensors.Write(gb), n, cout, oh * ow);
            }
            return bias is null ? [gx, gw] : [gx, gw, gb];
        });
    }

    /// <summary>
    /// <see cref="ConvTranspose2d(Tensor, Tensor, Tensor?, ValueTuple{int, int}?, ValueTuple{int, int}?, ValueTuple{int, int}?, int, ValueTuple{int, int}?)"/>
    /// with every size given as one number for both axes (PyTorch's int arguments).
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias, int stride, int padding = 0, int outputPadding = 0, int groups = 1, int dilation = 1)
        => ConvTranspose2d(input, weight, bias, (stride, stride), (padding, padding), (outputPadding, outputPadding), groups, (dilation, dilation));

    private static (int H, int W) PositivePair((int H, int W) value, string name)
    {
        if (value.H <= 0 || value.W <= 0)
            throw new ArgumentOutOfRangeException(name, $"{name} must be positive along both axes; got ({value.H}, {value.W}).");
        return value;
    }

    private static void CheckConvBias(Tensor? bias, int channels, string op)
    {
        if (bias is not null && (bias.Rank != 1 || bias.Size(0) != channels))
            throw new ArgumentException($"{op}: bias must be [{channels}] (one per output channel); got {Tensor.FormatShape(bias.Shape)}.", nameof(bias));
    }

    private static int ConvOutputSize(int size, int pad, int kernel, int stride, int dilation, string axis, Tensor input, Tensor weight, Conv2dPadding padding)
    {
        long span = (long)dilation * (kernel - 1) + 1;
        long room = (long)size + pad - span;
        if (room < 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Conv2d: along the {axis}, the kernel of weight {Tensor.FormatShape(weight.Shape)} with dilation {dilation} spans {span}, more than the padded input {size + pad} (input {Tensor.FormatShape(input.Shape)}, padding {padding})."), nameof(input));
        return (int)(room / stride + 1);
    }

    private static void AddConvBias(Tensor output, Tensor bias)
    {
        Span<float> o = ConvTensors.Write(output).Span;
        ReadOnlySpan<float> b = ConvTensors.Read(bias).Span;
        int channels = output.Size(1), plane = output.Size(2) * output.Size(3);
        for (int i = 0; i < output.Size(0) * channels; i++)
            System.Numerics.Tensors.TensorPrimitives.Add(o.Slice(i * plane, plane), b[i % channels], o.Slice(i * plane, plane));
    }
}
