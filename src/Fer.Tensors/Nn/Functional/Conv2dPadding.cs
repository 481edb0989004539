using System.Globalization;

namespace Fer.Tensors.Nn;

/// <summary>
/// How a 2-D convolution pads its input: explicit zero rows/columns on each side
/// (<see cref="Symmetric(int, int)"/>, <see cref="Explicit"/>, <see cref="Valid"/>), or TensorFlow's
/// <see cref="Same"/>, resolved per input size so the output is ceil(input / stride).
/// </summary>
public sealed class Conv2dPadding : IEquatable<Conv2dPadding>
{
    private Conv2dPadding(bool isSame, int top, int bottom, int left, int right)
    {
        IsSame = isSame;
        Top = top;
        Bottom = bottom;
        Left = left;
        Right = right;
    }

    /// <summary>
    /// TensorFlow's 'SAME': along each axis with input size i, stride s, kernel k and dilation d,
    /// the total padding is max((ceil(i/s) - 1)*s + (k-1)*d + 1 - i, 0), split with the smaller half
    /// at the top/left and the extra pixel at the bottom/right. For stride 1 it equals PyTorch's
    /// padding='same'.
    /// </summary>
    public static Conv2dPadding Same { get; } = new(true, 0, 0, 0, 0);

    /// <summary>No padding (TensorFlow's 'VALID', PyTorch's padding=0).</summary>
    public static Conv2dPadding Valid { get; } = new(false, 0, 0, 0, 0);

    /// <summary>True for <see cref="Same"/>, whose sides depend on the input size (see <see cref="Resolve"/>).</summary>
    public bool IsSame { get; }

    /// <summary>Zero rows above the input (0 for <see cref="Same"/>; use <see cref="Resolve"/>).</summary>
    public int Top { get; }

    /// <summary>Zero rows below the input.</summary>
    public int Bottom { get; }

    /// <summary>Zero columns left of the input.</summary>
    public int Left { get; }

    /// <summary>Zero columns right of the input.</summary>
    public int Right { get; }

    /// <summary>PyTorch's padding=(height, width): the same count on both sides of each axis.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static Conv2dPadding Symmetric(int height, int width) => Explicit(height, height, width, width);

    /// <summary>PyTorch's padding=p: p on every side.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is negative.</exception>
    public static Conv2dPadding Symmetric(int padding) => Explicit(padding, padding, padding, padding);

    /// <summary>Separate counts for each side (e.g. an asymmetric pad exported from another framework).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static Conv2dPadding Explicit(int top, int bottom, int left, int right)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(bottom);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(right);
        return new Conv2dPadding(false, top, bottom, left, right);
    }

    /// <summary>The padding of each side for an input of the given size and a kernel with the given stride and dilation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, stride or dilation is not positive.</exception>
    public (int Top, int Bottom, int Left, int Right) Resolve(int inputHeight, int inputWidth, int kernelHeight, int kernelWidth,
        int strideHeight = 1, int strideWidth = 1, int dilationHeight = 1, int dilationWidth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputHeight);
        ArgumentOutOfRangeException.ThrowIfNegative(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(strideHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(strideWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilationHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilationWidth);
        if (!IsSame) return (Top, Bottom, Left, Right);
        var (top, bottom) = SameAxis(inputHeight, kernelHeight, strideHeight, dilationHeight);
        var (left, right) = SameAxis(inputWidth, kernelWidth, strideWidth, dilationWidth);
        return (top, bottom, left, right);
    }

    private static (int Before, int After) SameAxis(int size, int kernel, int stride, int dilation)
    {
        long outSize = ((long)size + stride - 1) / stride;
        long total = Math.Max((outSize - 1) * stride + (long)(kernel - 1) * dilation + 1 - size, 0);
        return ((int)(total / 2), (int)(total - total / 2));
    }

    /// <inheritdoc />
    public bool Equals(Conv2dPadding? other) => other is not null && IsSame == other.IsSame
        && Top == other.Top && Bottom == other.Bottom && Left == other.Left && Right == other.Right;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Conv2dPadding);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsSame, Top, Bottom, Left, Right);

    /// <inheritdoc />
    public override string ToString() => IsSame ? "same" : string.Create(CultureInfo.InvariantCulture,
        $"(top {Top}, bottom {Bottom}, left {Left}, right {Right})");
}
