using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Fer.Tensors.Kernels.Elementwise;

namespace Fer.Tensors.Kernels.Activations;

/// <summary>
/// Drives activation operators over spans and tensors. The vector loop also handles the tail with
/// one padded vector, so every element goes through the same code whatever its position (results
/// do not depend on how the tensor is split across threads).
/// </summary>
internal static class ActivationKernel
{
    /// <summary>y = op(x) element by element (x and y may be the same span).</summary>
    internal static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IActivationOperator
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        int n = x.Length;
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; i < n; i++) y[i] = op.Invoke(x[i]);
            return;
        }
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int k = 0;
        for (; k <= n - Vector256<float>.Count; k += Vector256<float>.Count)
            op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)k)).StoreUnsafe(ref yr, (nuint)k);
        if (k < n)
        {
            Span<float> buf = stackalloc float[Vector256<float>.Count];
            buf.Clear();
            x[k..].CopyTo(buf);
            op.Invoke(Vector256.Create<float>(buf)).CopyTo(buf);
            buf[..(n - k)].CopyTo(y[k..]);
        }
    }

    /// <summary>dx = op(g, s) element by element.</summary>
    internal static void Map<TOp>(TOp op, ReadOnlySpan<float> g, ReadOnlySpan<float> s, Span<float> dx)
        where TOp : struct, IActivationGradOperator
    {
        if (s.Length != g.Length || dx.Length < g.Length) throw new ArgumentException("Span lengths differ.", nameof(s));
        int n = g.Length;
        if (!Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; i < n; i++) dx[i] = op.Invoke(g[i], s[i]);
            return;
        }
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        int k = 0;
        for (; k <= n - Vector256<float>.Count; k += Vector256<float>.Count)
            op.Invoke(Vector256.LoadUnsafe(ref gr, (nuint)k), Vector256.LoadUnsafe(ref sr, (nuint)k)).StoreUnsafe(ref dr, (nuint)k);
        if (k < n)
        {
            Span<float> bg = stackalloc float[Vector256<float>.Count];
            Span<float> bs = stackalloc float[Vector256<float>.Count];
            bg.Clear();
            bs.Clear();
            g[k..].CopyTo(bg);
            s[k..].CopyTo(bs);
            op.Invoke(Vector256.Create<float>(bg), Vector256.Create<float>(bs)).CopyTo(bg);
            bg[..(n - k)].CopyTo(dx[k..]);
        }
    }

    /// <summary>A new contiguous tensor op(x); <paramref name="source"/> receives the contiguous input (x itself when it already is).</summary>
    internal static Tensor Forward<TOp>(Tensor x, TOp op, out Tensor source)
        where TOp : struct, IActivationOperator
    {
        Tensor src = x.IsContiguous ? x.Detach() : x.CloneData();
        var y = Tensor.Empty(x.ShapeArray);
        float[] s = src.Storage, d = y.Storage;
        int o = src.Offset;
        BinaryKernel.Chunked(y.ElementCount, (a, b) => Map(op, s.AsSpan(o + a, b - a), d.AsSpan(a, b - a)));
        source = src;
        return y;
    }

    /// <summary>The input gradient op(g, saved) for a contiguous <paramref name="saved"/> of g's shape.</summary>
    internal static Tensor Backward<TOp>(Tensor g, Tensor saved, TOp op)
        where TOp : struct, IActivationGradOperator
    {
        Debug.Assert(saved.IsContiguous && saved.ShapeEquals(g));
        Tensor gc = g.IsContiguous ? g : g.CloneData();
        var dx = Tensor.Empty(g.ShapeArray);
        float[] ga = gc.Storage, sa = saved.Storage, d = dx.Storage;
        int og = gc.Offset, os = saved.Offset;
        BinaryKernel.Chunked(dx.ElementCount, (a, b) => Map(op, ga.AsSpan(og + a, b - a), sa.AsSpan(os + a, b - a), d.AsSpan(a, b - a)));
        return dx;
    }

    /// <summary>e^x - 1, accurate near 0 (a Taylor polynomial where |x| &lt; 0.5, where exp(x) - 1 would cancel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> ExpM1(Vector256<float> x)
    {
        Vector256<float> p = Vector256.Create(1f / 40320f);
        p = Vector256.MultiplyAddEstimate(p, x, Vector256.Create(1f / 5040f));
        p = Vector256.MultiplyAddEstimate(p, x, Vector256.Create(1f / 720f));
        p = Vector256.MultiplyAddEstimate(p, x, Vector256.Create(1f / 120f));
        p = Vector256.MultiplyAddEstimate(p, x, Vector256.Create(1f / 24f));
        p = Vector256.MultiplyAddEstimate(p, x, Vector256.Create(1f / 6f));
        p = Vector256.MultiplyAddEstimate(p, x, Vector256.Create(0.5f));
        p = Vector256.MultiplyAddEstimate(p, x, Vector256<float>.One);
        Vector256<float> small = p * x;
        Vector256<float> large = Vector256.Exp(x) - Vector256<float>.One;
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(0.5f)), small, large);
    }

    /// <summary>Scalar twin of <see cref="ExpM1(Vector256{float})"/>.</summary>
    internal static float ExpM1(float x) => MathF.Abs(x) < 0.5f ? (float)(Math.Exp(x) - 1.0) : MathF.Exp(x) - 1f;

    /// <summary>log(1 + u) for u in [0, 1], accurate for tiny u (Goldberg: log(w) * u / (w - 1) with w = 1 + u rounded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Log1PUnit(Vector256<float> u)
    {
        Vector256<float> w = Vector256<float>.One + u;
        Vector256<float> wm1 = w - Vector256<float>.One;
        Vector256<float> general = Vector256.Log(w) * u / wm1;
        return Vector256.ConditionalSelect(Vector256.Equals(wm1, Vector256<float>.Zero), u, general);
    }

    /// <summary>Scalar twin of <see cref="Log1PUnit(Vector256{float})"/>.</summary>
    internal static float Log1PUnit(float u)
    {
        double w = 1.0 + u;
        return w == 1.0 ? u : (float)(Math.Log(w) * u / (w - 1.0));
    }

    /// <summary>1 / (1 + e^-x), saturating cleanly at both ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    /// <summary>Scalar twin of <see cref="Sigmoid(Vector256{float})"/>.</summary>
    internal static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
