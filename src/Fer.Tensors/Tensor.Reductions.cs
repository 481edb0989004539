using Fer.Tensors.Kernels.Reduction;

namespace Fer.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements (rank 0).</summary>
    public Tensor Sum() => Sum(Enumerable.Range(0, Rank).ToArray(), keepDim: false);

    /// <summary>Sum along <paramref name="dim"/>.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>Sum along several dimensions.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(dims);
        bool[] reduce = ReducedDims(dims);
        int[] keptShape = new int[Rank];
        for (int d = 0; d < Rank; d++) keptShape[d] = reduce[d] ? 1 : shape[d];
        Tensor src = IsContiguous ? this : CloneData();
        float[] data = src.Storage;
        int offset = src.Offset;
        int[] cur = (int[])shape.Clone();
        // Reduce the marked dims from last to first; each pass keeps a size-1 dim in place.
        for (int d = Rank - 1; d >= 0; d--)
        {
            if (!reduce[d] || (cur[d] == 1 && cur.Length > 0)) { cur[d] = reduce[d] ? 1 : cur[d]; continue; }
            var (outer, r, inner) = ReduceKernel.Split(cur, d);
            float[] next = GC.AllocateUninitializedArray<float>(outer * inner);
            ReduceKernel.Sum(data, offset, outer, r, inner, next, 0);
            data = next;
            offset = 0;
            cur[d] = 1;
        }
        Tensor result = new(ReferenceEquals(data, Storage) ? CopyRange(data, offset, ElementCount) : data, keptShape);
        if (!keepDim) result = result.Detach().Reshape(DropDims(keptShape, reduce));
        int[] inputShape = shape;
        return Record(result, "sum", this, g => g.Reshape(keptShape).Expand(inputShape).Contiguous());
    }

    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => Sum().Div(Math.Max(ElementCount, 1));

    /// <summary>Mean along <paramref name="dim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>Mean along several dimensions.</summary>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        bool[] reduce = ReducedDims(dims);
        int count = 1;
        for (int d = 0; d < Rank; d++) if (reduce[d]) count *= shape[d];
        return Sum(dims, keepDim).Div(Math.Max(count, 1));
    }

    /// <summary>Variance along dimensions (unbiased: divide by n-1, as torch.var's default).</summary>
    public Tensor Var(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        bool[] reduce = ReducedDims(dims);
        int count = 1;
        for (int d = 0; d < Rank; d++) if (reduce[d]) count *= shape[d];
        Tensor centered = Sub(Mean(dims, keepDim: true));
        return centered.Square().Sum(dims, keepDim).Div(Math.Max(unbiased ? count - 1 : count, 1));
    }

    /// <summary>Variance along one dimension.</summary>
    public Tensor Var(int dim, bool unbiased = true, bool keepDim = false) => Var([dim], unbiased, keepDim);

    /// <summary>Variance of all elements.</summary>
    public Tensor Var(bool unbiased = true) => Var(Enumerable.Range(0, Rank).ToArray(), unbiased);

    /// <summary>Standard deviation along dimensions.</summary>
    public Tensor Std(int[] dims, bool unbiased = true, bool keepDim = false) => Var(dims, unbiased, keepDim).Sqrt();

    /// <summary>Largest value along <paramref name="dim"/> and its index (first occurrence).</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => Extreme(dim, keepDim, max: true);

    /// <summary>Smallest value along <paramref name="dim"/> and its index (first occurrence).</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => Extreme(dim, keepDim, max: false);

    /// <summary>Largest element (rank 0).</summary>
    public Tensor Max() => Flatten().Max(0).Values;

    /// <summary>Smallest element (rank 0).</summary>
    public Tensor Min() => Flatten().Min(0).Values;

    /// <summary>Index of the largest value along <paramref name="dim"/>, as float values (exact below 2^24).</summary>
    public Tensor ArgMax(int dim, bool keepDim = false) => Max(dim, keepDim).Indices;

    /// <summary>Index of the largest value in each row of a rank-2 tensor.</summary>
    public int[] ArgMaxRows()
    {
        if (Rank != 2) throw new InvalidOperationException($"ArgMaxRows needs a rank-2 tensor; got {FormatShape(shape)}.");
        return ToIndexArray(ArgMax(1));
    }

    /// <summary>Reads a tensor of integral values as int indices.</summary>
    /// <exception cref="ArgumentException">A value is not an integer.</exception>
    public static int[] ToIndexArray(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        float[] v = t.ToArray();
        var r = new int[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] != MathF.Floor(v[i]) || float.IsInfinity(v[i]))
                throw new ArgumentException($"Element {i} ({v[i]}) is not an integer index.");
            r[i] = (int)v[i];
        }
        return r;
    }

    private (Tensor Values, Tensor Indices) Extreme(int dim, bool keepDim, bool max)
    {
        int d = NormalizeDim(dim);
        if (shape[d] == 0) throw new ArgumentException($"Cannot take {(max ? "max" : "min")} over empty dimension {dim}.");
        Tensor src = IsContiguous ? this : CloneData();
        var (outer, r, inner) = ReduceKernel.Split(shape, d);
        var values = new float[outer * inner];
        var idx = new int[outer * inner];
        ReduceKernel.ArgExtreme(src.Storage, src.Offset, outer, r, inner, values, idx, max);
        int[] keptShape = (int[])shape.Clone();
        keptShape[d] = 1;
        int[] outShape = keepDim ? keptShape : DropDims(keptShape, Enumerable.Range(0, Rank).Select(i => i == d).ToArray());
        var indices = new float[idx.Length];
        for (int i = 0; i < idx.Length; i++) indices[i] = idx[i];
        Tensor vt = new(values, outShape);
        int[] inputShape = shape;
        vt = Record(vt, max ? "max" : "min", this, g =>
        {
            var full = new float[outer * r * inner];
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    full[(o * r + idx[o * inner + i]) * inner + i] = gc.Storage[gc.Offset + o * inner + i];
            return new Tensor(full, inputShape);
        });
        return (vt, new Tensor(indices, outShape));
    }

    /// <summary>
    /// Sums this tensor down to <paramref name="target"/> (the inverse of broadcasting): extra leading
    /// dims and dims where the target has size 1 are summed.
    /// </summary>
    public Tensor SumTo(ReadOnlySpan<int> target)
    {
        if (ShapeEquals(target)) return this;
        int shift = Rank - target.Length;
        if (shift < 0) throw new ArgumentException($"SumTo: target {FormatShape(target)} has more dimensions than {FormatShape(shape)}.");
        var dims = new List<int>();
        for (int d = 0; d < Rank; d++)
        {
            if (d < shift) dims.Add(d);
            else if (target[d - shift] == 1 && shape[d] != 1) dims.Add(d);
            else if (target[d - shift] != shape[d])
                throw new ArgumentException($"SumTo: shape {FormatShape(shape)} cannot be reduced to {FormatShape(target)}.");
        }
        Tensor s = dims.Count == 0 ? this : Sum([.. dims], keepDim: true);
        return s.Reshape(target.ToArray());
    }

    private bool[] ReducedDims(int[] dims)
    {
        var reduce = new bool[Rank];
        foreach (int dim in dims)
        {
            int d = NormalizeDim(dim);
            if (reduce[d]) throw new ArgumentException($"Dimension {dim} is listed twice.");
            reduce[d] = true;
        }
        return reduce;
    }

    private static int[] DropDims(int[] keptShape, bool[] reduce)
    {
        var r = new List<int>();
        for (int d = 0; d < keptShape.Length; d++) if (!reduce[d]) r.Add(keptShape[d]);
        return [.. r];
    }

    private static float[] CopyRange(float[] data, int offset, int count) => data.AsSpan(offset, count).ToArray();
}
