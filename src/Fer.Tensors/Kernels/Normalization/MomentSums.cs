using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Normalization;

/// <summary>
/// Double-precision accumulation of float spans for the normalisation kernels: vector loads are
/// widened to double before adding, and sums are taken about a shift (a sample of the data) so that
/// var = E[(x-k)^2] - E[x-k]^2 does not cancel when the mean is large next to the spread. The order
/// of additions is fixed (lanes, then lanes left to right, then the tail).
/// </summary>
internal static class MomentSums
{
    /// <summary>Adds sum(x - shift) and sum((x - shift)^2) to the running totals.</summary>
    internal static void Shifted(ReadOnlySpan<float> x, float shift, ref double sum, ref double squares)
    {
        int n = x.Length, k = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            ref float r = ref MemoryMarshal.GetReference(x);
            Vector256<float> k8 = Vector256.Create(shift);
            Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, q0 = s0, q1 = s0;
            for (; k <= n - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref r, (nuint)k) - k8);
                s0 += lo;
                s1 += hi;
                q0 = Vector256.MultiplyAddEstimate(lo, lo, q0);
                q1 = Vector256.MultiplyAddEstimate(hi, hi, q1);
            }
            sum += Vector256.Sum(s0 + s1);
            squares += Vector256.Sum(q0 + q1);
        }
        for (; k < n; k++)
        {
            double d = x[k] - shift;
            sum += d;
            squares += d * d;
        }
    }

    /// <summary>Adds sum(g) and sum(g * (x - center)) to the running totals.</summary>
    internal static void Gradient(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float center, ref double sumG, ref double sumGx)
    {
        int n = g.Length, k = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            ref float gr = ref MemoryMarshal.GetReference(g);
            ref float xr = ref MemoryMarshal.GetReference(x);
            Vector256<float> c8 = Vector256.Create(center);
            Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, p0 = s0, p1 = s0;
            for (; k <= n - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                var (glo, ghi) = Vector256.Widen(Vector256.LoadUnsafe(ref gr, (nuint)k));
                var (xlo, xhi) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, (nuint)k) - c8);
                s0 += glo;
                s1 += ghi;
                p0 = Vector256.MultiplyAddEstimate(glo, xlo, p0);
                p1 = Vector256.MultiplyAddEstimate(ghi, xhi, p1);
            }
            sumG += Vector256.Sum(s0 + s1);
            sumGx += Vector256.Sum(p0 + p1);
        }
        for (; k < n; k++)
        {
            sumG += g[k];
            sumGx += (double)g[k] * (x[k] - center);
        }
    }

    /// <summary>y = (x - center) * scale + shift.</summary>
    internal static void Affine(ReadOnlySpan<float> x, float center, float scale, float shift, Span<float> y)
    {
        int n = x.Length, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            Vector256<float> c8 = Vector256.Create(center), a8 = Vector256.Create(scale), b8 = Vector256.Create(shift);
            for (; k <= n - Vector256<float>.Count; k += Vector256<float>.Count)
                Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref xr, (nuint)k) - c8, a8, b8).StoreUnsafe(ref yr, (nuint)k);
        }
        for (; k < n; k++) y[k] = MathF.FusedMultiplyAdd(x[k] - center, scale, shift);
    }

    /// <summary>dx = a * g - (b * (x - center) + c): the batch-norm input gradient in training mode.</summary>
    internal static void InputGradient(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float center, float a, float b, float c, Span<float> dx)
    {
        int n = g.Length, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float gr = ref MemoryMarshal.GetReference(g);
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float dr = ref MemoryMarshal.GetReference(dx);
            Vector256<float> m8 = Vector256.Create(center), a8 = Vector256.Create(a), b8 = Vector256.Create(b), c8 = Vector256.Create(c);
            for (; k <= n - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                Vector256<float> t = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref xr, (nuint)k) - m8, b8, c8);
                Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref gr, (nuint)k), a8, -t).StoreUnsafe(ref dr, (nuint)k);
            }
        }
        for (; k < n; k++) dx[k] = MathF.FusedMultiplyAdd(g[k], a, -MathF.FusedMultiplyAdd(x[k] - center, b, c));
    }
}
