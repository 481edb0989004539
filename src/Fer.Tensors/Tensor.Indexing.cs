using Fer.Tensors.Internal;

namespace Fer.Tensors;

public sealed partial class Tensor
{
    /// <summary>Rows <paramref name="indices"/> along <paramref name="dim"/> (copies; indices may repeat).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the dimension.</exception>
    public Tensor IndexSelect(int dim, ReadOnlySpan<int> indices)
    {
        int d = NormalizeDim(dim);
        int size = shape[d];
        int[] idx = indices.ToArray();
        for (int i = 0; i < idx.Length; i++)
            if ((uint)idx[i] >= (uint)size)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {idx[i]} at position {i} is outside dimension {dim} of size {size}.");
        Tensor src = IsContiguous ? this : CloneData();
        var (outer, _, inner) = Kernels.Reduction.ReduceKernel.Split(shape, d);
        int[] outShape = (int[])shape.Clone();
        outShape[d] = idx.Length;
        var y = Empty(outShape);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < idx.Length; i++)
                src.Storage.AsSpan(src.Offset + (o * size + idx[i]) * inner, inner).CopyTo(y.Storage.AsSpan((o * idx.Length + i) * inner, inner));
        int[] inputShape = shape;
        return Record(y, "index_select", this, g =>
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            var full = new float[ShapeUtil.Product(inputShape)];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < idx.Length; i++)
                {
                    var dst = full.AsSpan((o * size + idx[i]) * inner, inner);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, gc.Storage.AsSpan(gc.Offset + (o * idx.Length + i) * inner, inner), dst);
                }
            return new Tensor(full, inputShape);
        });
    }

    /// <summary>
    /// PyTorch's gather: out[i][j][k] = this[index[i][j][k]][j][k] for dim 0 (and so on). The index is a
    /// tensor of integral float values with this tensor's rank; its size may be smaller in any dimension.
    /// </summary>
    public Tensor Gather(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        int d = NormalizeDim(dim);
        if (index.Rank != Rank) throw new ArgumentException($"Gather: index rank {index.Rank} differs from input rank {Rank}.", nameof(index));
        for (int i = 0; i < Rank; i++)
            if (i != d && index.shape[i] > shape[i])
                throw new ArgumentException($"Gather: index size {index.shape[i]} exceeds input size {shape[i]} in dimension {i}.", nameof(index));
        int[] idx = ToIndexArray(index);
        int[] ishape = index.shape;
        int[] istrides = ShapeUtil.ContiguousStrides(ishape);
        int[] offsets = new int[idx.Length];
        var pos = new int[Rank];
        for (int flat = 0; flat < idx.Length; flat++)
        {
            int rem = flat;
            int off = Offset;
            for (int k = 0; k < Rank; k++)
            {
                pos[k] = rem / istrides[k];
                rem -= pos[k] * istrides[k];
                int p = k == d ? idx[flat] : pos[k];
                if (k == d && (uint)p >= (uint)shape[d])
                    throw new ArgumentOutOfRangeException(nameof(index), $"Gather: index {p} is outside dimension {dim} of size {shape[d]}.");
                off += p * strides[k];
            }
            offsets[flat] = off;
        }
        var y = Empty(ishape);
        for (int i = 0; i < offsets.Length; i++) y.Storage[i] = Storage[offsets[i]];
        int[] inputShape = shape, inputStrides = strides;
        int baseOffset = Offset;
        return Record(y, "gather", this, g =>
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            var full = new float[ShapeUtil.Product(inputShape)];
            int[] cs = ShapeUtil.ContiguousStrides(inputShape);
            for (int i = 0; i < offsets.Length; i++)
            {
                // Map the storage offset back to a row-major position of the input.
                int rem = offsets[i] - baseOffset, flatPos = 0;
                for (int k = 0; k < inputShape.Length; k++)
                {
                    int coord = inputStrides[k] == 0 ? 0 : rem / inputStrides[k];
                    rem -= coord * inputStrides[k];
                    flatPos += coord * cs[k];
                }
                full[flatPos] += gc.Storage[gc.Offset + i];
            }
            return new Tensor(full, inputShape);
        });
    }

    /// <summary>Joins tensors along an existing dimension; all other sizes must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        Tensor first = tensors[0];
        int d = first.NormalizeDim(dim);
        int total = 0;
        foreach (Tensor t in tensors)
        {
            if (t.Rank != first.Rank) throw new ArgumentException($"Concat: ranks differ ({FormatShape(first.shape)} vs {FormatShape(t.shape)}).");
            for (int k = 0; k < t.Rank; k++)
                if (k != d && t.shape[k] != first.shape[k])
                    throw new ArgumentException($"Concat: shapes {FormatShape(first.shape)} and {FormatShape(t.shape)} differ outside dimension {dim}.");
            total += t.shape[d];
        }
        int[] outShape = (int[])first.shape.Clone();
        outShape[d] = total;
        var y = Empty(outShape);
        int start = 0;
        var sizes = new int[tensors.Count];
        for (int i = 0; i < tensors.Count; i++)
        {
            sizes[i] = tensors[i].shape[d];
            y.SliceNoGrad(d, start, start + sizes[i], 1).CopyFromNoGrad(tensors[i]);
            start += sizes[i];
        }
        Tensor[] inputs = [.. tensors];
        return Record(y, "concat", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            int s = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i].RequiresGrad) grads[i] = g.SliceNoGrad(d, s, s + sizes[i], 1).CloneData();
                s += sizes[i];
            }
            return grads;
        });
    }

    /// <summary>Joins same-shape tensors along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException("Stack needs at least one tensor.", nameof(tensors));
        foreach (Tensor t in tensors)
            if (!t.ShapeEquals(tensors[0]))
                throw new ArgumentException($"Stack: shapes {FormatShape(tensors[0].shape)} and {FormatShape(t.shape)} differ.");
        int d = ShapeUtil.NormalizeDim(dim, tensors[0].Rank + 1);
        return Concat(tensors.Select(t => t.Unsqueeze(d)).ToArray(), d);
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of the given sizes (views).</summary>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        int d = NormalizeDim(dim);
        if (sizes.Sum() != shape[d]) throw new ArgumentException($"Split: sizes [{string.Join(", ", sizes)}] do not add up to {shape[d]}.", nameof(sizes));
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            parts[i] = Narrow(d, start, sizes[i]);
            start += sizes[i];
        }
        return parts;
    }

    /// <summary>Splits along <paramref name="dim"/> into <paramref name="chunks"/> near-equal pieces (the last may be smaller).</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunks);
        int d = NormalizeDim(dim);
        int size = (shape[d] + chunks - 1) / chunks;
        var sizes = new List<int>();
        for (int s = 0; s < shape[d]; s += size) sizes.Add(Math.Min(size, shape[d] - s));
        return Split([.. sizes], d);
    }

    /// <summary>
    /// Pads the last dimensions (PyTorch's F.pad order: [left, right] for the last dim, then [top, bottom]
    /// for the one before, ...). Modes: constant (with <paramref name="value"/>) and reflect (mirror
    /// without repeating the edge; each pad must be smaller than its dimension).
    /// </summary>
    public Tensor Pad(int[] padding, PadMode mode = PadMode.Constant, float value = 0f)
    {
        ArgumentNullException.ThrowIfNull(padding);
        if (padding.Length % 2 != 0 || padding.Length / 2 > Rank)
            throw new ArgumentException($"Pad: padding has {padding.Length} values; need an even count of at most 2*rank ({2 * Rank}).", nameof(padding));
        int nd = padding.Length / 2;
        int[] outShape = (int[])shape.Clone();
        var before = new int[Rank];
        for (int i = 0; i < nd; i++)
        {
            int dim = Rank - 1 - i;
            before[dim] = padding[2 * i];
            outShape[dim] += padding[2 * i] + padding[2 * i + 1];
            if (outShape[dim] < 0) throw new ArgumentException($"Pad: negative size for dimension {dim}.", nameof(padding));
            if (mode == PadMode.Reflect && (padding[2 * i] >= shape[dim] || padding[2 * i + 1] >= shape[dim] || padding[2 * i] < 0 || padding[2 * i + 1] < 0))
                throw new ArgumentException($"Pad: reflect padding ({padding[2 * i]}, {padding[2 * i + 1]}) must be non-negative and smaller than dimension {dim} of size {shape[dim]}.", nameof(padding));
        }
        int[] map = BuildPadMap(outShape, before, mode);
        Tensor src = IsContiguous ? this : CloneData();
        var y = Empty(outShape);
        for (int i = 0; i < map.Length; i++) y.Storage[i] = map[i] < 0 ? value : src.Storage[src.Offset + map[i]];
        int[] inputShape = shape;
        return Record(y, "pad", this, g =>
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            var full = new float[ShapeUtil.Product(inputShape)];
            for (int i = 0; i < map.Length; i++) if (map[i] >= 0) full[map[i]] += gc.Storage[gc.Offset + i];
            return new Tensor(full, inputShape);
        });
    }

    /// <summary>For each output element, the row-major input position it reads, or -1 for the constant.</summary>
    private int[] BuildPadMap(int[] outShape, int[] before, PadMode mode)
    {
        int n = ShapeUtil.Product(outShape);
        var map = new int[n];
        int[] inStrides = ShapeUtil.ContiguousStrides(shape);
        int[] outStrides = ShapeUtil.ContiguousStrides(outShape);
        for (int flat = 0; flat < n; flat++)
        {
            int rem = flat, pos = 0;
            bool outside = false;
            for (int k = 0; k < outShape.Length; k++)
            {
                int c = rem / outStrides[k];
                rem -= c * outStrides[k];
                int src = c - before[k];
                if (src < 0 || src >= shape[k])
                {
                    if (mode == PadMode.Constant) { outside = true; break; }
                    src = src < 0 ? -src : 2 * (shape[k] - 1) - src;
                }
                pos += src * inStrides[k];
            }
            map[flat] = outside ? -1 : pos;
        }
        return map;
    }
}
