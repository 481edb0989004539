namespace Fer.Tensors.Kernels.Pooling;

/// <summary>
/// Sizes of a 2-D sliding-window pooling over <see cref="Planes"/> independent [InH, InW] planes
/// (N*C in NCHW). Window (oh, ow) starts at (oh*StrideH - PadH, ow*StrideW - PadW) and has taps
/// every dilation step; padding never contributes a value.
/// </summary>
internal readonly record struct PoolGeometry(
    int Planes, int InH, int InW, int OutH, int OutW,
    int KH, int KW, int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW)
{
    internal int InPlane => InH * InW;

    internal int OutPlane => OutH * OutW;

    /// <summary>
    /// PyTorch's pooling output size: floor (or ceil in ceil mode) of
    /// (in + 2*pad - dilation*(kernel-1) - 1) / stride, plus 1; in ceil mode the last window must
    /// start inside the input or the leading padding, else it is dropped. May be &lt;= 0 (caller rejects).
    /// </summary>
    internal static long OutputSize(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        long numerator = (long)input + 2L * pad - (long)dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
        long size = FloorDiv(numerator, stride) + 1;
        if (ceilMode && (size - 1) * stride >= (long)input + pad) size--;
        return size;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
