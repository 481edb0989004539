namespace Fer.Tensors.Kernels.Elementwise;

/// <summary>Applies a span operation to a tensor (made contiguous first), split across threads when large.</summary>
internal static class UnaryKernel
{
    internal delegate void SpanOp(ReadOnlySpan<float> x, Span<float> destination);

    internal static Tensor Apply(Tensor x, SpanOp op)
    {
        Tensor src = x.IsContiguous ? x : x.CloneData();
        var result = Tensor.Empty(x.ShapeArray);
        float[] s = src.Storage, d = result.Storage;
        int o = src.Offset;
        BinaryKernel.Chunked(result.ElementCount, (a, b) => op(s.AsSpan(o + a, b - a), d.AsSpan(a, b - a)));
        return result;
    }

    /// <summary>Combines two same-shape tensors element by element (e.g. an activation's backward: gradient and saved output).</summary>
    internal delegate void SpanOp2(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination);

    internal static Tensor Apply(Tensor x, Tensor y, SpanOp2 op)
    {
        Tensor sx = x.IsContiguous ? x : x.CloneData();
        Tensor sy = y.IsContiguous ? y : y.CloneData();
        if (!sx.ShapeEquals(sy))
            throw new ArgumentException($"Shapes {Tensor.FormatShape(x.Shape)} and {Tensor.FormatShape(y.Shape)} must match.");
        var result = Tensor.Empty(x.ShapeArray);
        float[] a = sx.Storage, b = sy.Storage, d = result.Storage;
        int oa = sx.Offset, ob = sy.Offset;
        BinaryKernel.Chunked(result.ElementCount, (s, e) => op(a.AsSpan(oa + s, e - s), b.AsSpan(ob + s, e - s), d.AsSpan(s, e - s)));
        return result;
    }
}
