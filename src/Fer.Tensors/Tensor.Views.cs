using Fer.Tensors.Internal;

namespace Fer.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements with a new shape; one dimension may be -1 (inferred). A view when the tensor
    /// is contiguous, otherwise a copy.
    /// </summary>
    /// <exception cref="ArgumentException">The element counts differ or more than one -1 is given.</exception>
    public Tensor Reshape(params int[] newShape)
    {
        int[] resolved = ResolveShape(newShape);
        if (resolved.AsSpan().SequenceEqual(shape)) return this;
        Tensor source = IsContiguous ? this : Contiguous();
        var view = new Tensor(source.Storage, source.Offset, resolved, ShapeUtil.ContiguousStrides(resolved));
        int[] original = shape;
        return Record(view, "reshape", this, g => g.Reshape(original));
    }

    /// <summary>Alias of <see cref="Reshape"/> (PyTorch's view).</summary>
    public Tensor View(params int[] newShape) => Reshape(newShape);

    /// <summary>Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = NormalizeDim(startDim), e = NormalizeDim(endDim);
        if (e < s) throw new ArgumentException($"Flatten: endDim {endDim} comes before startDim {startDim}.");
        var ns = new List<int>();
        for (int d = 0; d < s; d++) ns.Add(shape[d]);
        int merged = 1;
        for (int d = s; d <= e; d++) merged *= shape[d];
        ns.Add(merged);
        for (int d = e + 1; d < Rank; d++) ns.Add(shape[d]);
        return Reshape([.. ns]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank + 1);
        var ns = new List<int>(shape);
        ns.Insert(d, 1);
        return Reshape([.. ns]);
    }

    /// <summary>Removes dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor Squeeze(int dim)
    {
        int d = NormalizeDim(dim);
        if (shape[d] != 1) throw new ArgumentException($"Squeeze: dimension {dim} has size {shape[d]}, not 1.");
        var ns = new List<int>(shape);
        ns.RemoveAt(d);
        return Reshape([.. ns]);
    }

    /// <summary>Removes every dimension of size 1.</summary>
    public Tensor Squeeze() => Reshape(shape.Where(s => s != 1).ToArray());

    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        var perm = Enumerable.Range(0, Rank).ToArray();
        int a = NormalizeDim(dim0), b = NormalizeDim(dim1);
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>The transpose of a rank-2 tensor.</summary>
    public Tensor T()
    {
        if (Rank != 2) throw new InvalidOperationException($"T() needs a rank-2 tensor; got shape {FormatShape(shape)}.");
        return Transpose(0, 1);
    }

    /// <summary>Reorders dimensions (a view): result dimension i is input dimension <paramref name="dims"/>[i].</summary>
    /// <exception cref="ArgumentException"><paramref name="dims"/> is not a permutation of 0..Rank-1.</exception>
    public Tensor Permute(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != Rank) throw new ArgumentException($"Permute needs {Rank} dimensions, got {dims.Length}.", nameof(dims));
        var seen = new bool[Rank];
        var ns = new int[Rank];
        var nst = new int[Rank];
        var inverse = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int d = NormalizeDim(dims[i]);
            if (seen[d]) throw new ArgumentException($"Permute: dimension {d} repeated in [{string.Join(", ", dims)}].", nameof(dims));
            seen[d] = true;
            ns[i] = shape[d];
            nst[i] = strides[d];
            inverse[d] = i;
        }
        var view = new Tensor(Storage, Offset, ns, nst);
        return Record(view, "permute", this, g => g.Permute(inverse));
    }

    /// <summary>Elements <paramref name="start"/>..start+length-1 along <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(int dim, int start, int length) => Slice(dim, start, start + length, 1);

    /// <summary>Elements start, start+step, ... below end along <paramref name="dim"/> (a view). Negative start/end count from the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the dimension or step is not positive.</exception>
    public Tensor Slice(int dim, int start, int end, int step = 1)
    {
        int d = NormalizeDim(dim);
        int size = shape[d];
        if (start < 0) start += size;
        if (end < 0) end += size;
        end = Math.Min(end, size);
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), "Slice step must be positive.");
        if (start < 0 || start > size || end < start)
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {end}) is outside dimension {dim} of size {size}.");
        int len = (end - start + step - 1) / step;
        var ns = (int[])shape.Clone();
        var nst = (int[])strides.Clone();
        ns[d] = len;
        nst[d] = strides[d] * step;
        var view = new Tensor(Storage, Offset + start * strides[d], ns, nst);
        int[] inputShape = shape;
        return Record(view, "slice", this, g =>
        {
            var full = Zeros(inputShape);
            full.SliceNoGrad(d, start, end, step).CopyFromNoGrad(g);
            return full;
        });
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed.</summary>
    public Tensor Select(int dim, int index)
    {
        int d = NormalizeDim(dim);
        if (index < 0) index += shape[d];
        if ((uint)index >= (uint)shape[d])
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is out of range for dimension {dim} of size {shape[d]}.");
        return Narrow(d, index, 1).Squeeze(d);
    }

    /// <summary>
    /// A broadcast view with the given shape: size-1 dimensions repeat (stride 0), new leading
    /// dimensions are added; -1 keeps a size.
    /// </summary>
    public Tensor Expand(params int[] newShape)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        if (newShape.Length < Rank) throw new ArgumentException($"Expand: target rank {newShape.Length} is below the tensor's rank {Rank}.");
        var target = (int[])newShape.Clone();
        int shift = target.Length - Rank;
        for (int i = 0; i < target.Length; i++)
        {
            int d = i - shift;
            if (target[i] == -1)
            {
                if (d < 0) throw new ArgumentException("Expand: -1 is not allowed for a new leading dimension.");
                target[i] = shape[d];
            }
            else if (d >= 0 && shape[d] != 1 && shape[d] != target[i])
            {
                throw new ArgumentException($"Expand: cannot expand shape {FormatShape(shape)} to {FormatShape(newShape)}.");
            }
        }
        if (target.AsSpan().SequenceEqual(shape)) return this;
        var view = new Tensor(Storage, Offset, target, ShapeUtil.BroadcastStrides(shape, strides, target));
        int[] inputShape = shape;
        return Record(view, "expand", this, g => g.SumTo(inputShape));
    }

    /// <summary>This tensor if contiguous, otherwise a row-major copy (gradient passes through).</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous) return this;
        return Record(CloneData(), "contiguous", this, g => g);
    }

    private int[] ResolveShape(int[] newShape)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        var resolved = (int[])newShape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"Reshape: only one dimension may be -1 in {FormatShape(newShape)}.");
                infer = i;
            }
            else if (resolved[i] < 0)
            {
                throw new ArgumentException($"Reshape: invalid dimension {resolved[i]} in {FormatShape(newShape)}.");
            }
            else
            {
                known *= resolved[i];
            }
        }
        if (infer >= 0)
        {
            if (known == 0 || ElementCount % known != 0)
                throw new ArgumentException($"Reshape: cannot infer -1 in {FormatShape(newShape)} for {ElementCount} elements (shape {FormatShape(shape)}).");
            resolved[infer] = (int)(ElementCount / known);
        }
        else if (known != ElementCount)
        {
            throw new ArgumentException($"Reshape: shape {FormatShape(newShape)} has {known} elements but the tensor {FormatShape(shape)} has {ElementCount}.");
        }
        return resolved;
    }

    /// <summary>A strided view with no autograd (for kernels writing into sub-regions).</summary>
    internal Tensor SliceNoGrad(int d, int start, int end, int step)
    {
        int len = (end - start + step - 1) / step;
        var ns = (int[])shape.Clone();
        var nst = (int[])strides.Clone();
        ns[d] = len;
        nst[d] = strides[d] * step;
        return new Tensor(Storage, Offset + start * strides[d], ns, nst);
    }

    /// <summary>Writes the values of <paramref name="source"/> (same shape, or broadcastable) into this tensor's storage.</summary>
    internal void CopyFromNoGrad(Tensor source)
    {
        int[] srcStrides = ShapeUtil.BroadcastStrides(source.shape, source.strides, shape);
        float[] dst = Storage, src = source.Storage;
        var zero = new int[Rank];
        StridedLoop.ForEach(shape, strides, srcStrides, zero, Offset, source.Offset, 0, (od, os, _, len, sd, ss, _) =>
        {
            if (sd == 1 && ss == 1) src.AsSpan(os, len).CopyTo(dst.AsSpan(od, len));
            else for (int i = 0; i < len; i++) dst[od + i * sd] = src[os + i * ss];
        });
    }
}
