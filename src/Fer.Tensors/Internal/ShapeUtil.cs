namespace Fer.Tensors.Internal;

/// <summary>Shape and stride arithmetic shared by all ops.</summary>
internal static class ShapeUtil
{
    internal static int Product(ReadOnlySpan<int> shape)
    {
        long p = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new ArgumentException($"Negative dimension {s} in shape {Tensor.FormatShape(shape)}.");
            p *= s;
            if (p > int.MaxValue) throw new ArgumentException($"Shape {Tensor.FormatShape(shape)} has more than {int.MaxValue} elements.");
        }
        return (int)p;
    }

    internal static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= Math.Max(shape[d], 1);
        }
        return strides;
    }

    internal static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 0) return true;
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    internal static int NormalizeDim(int dim, int rank)
    {
        int d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)Math.Max(rank, 1) || (rank == 0 && d != 0))
            throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension {dim} is out of range for a tensor of rank {rank}.");
        return d;
    }

    /// <summary>NumPy/PyTorch broadcasting: align from the right; sizes must match or be 1.</summary>
    internal static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length), db = i - (rank - b.Length);
            int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1)
                throw new ArgumentException($"Shapes {Tensor.FormatShape(a)} and {Tensor.FormatShape(b)} cannot be broadcast together (dimension {i}: {sa} vs {sb}).");
            result[i] = sa == 1 ? sb : sa;
        }
        return result;
    }

    /// <summary>Strides that read a tensor of <paramref name="shape"/>/<paramref name="strides"/> as <paramref name="target"/> (0 on broadcast dims).</summary>
    internal static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = new int[target.Length];
        int shift = target.Length - shape.Length;
        for (int i = 0; i < target.Length; i++)
        {
            int d = i - shift;
            result[i] = d < 0 || shape[d] == 1 ? 0 : strides[d];
        }
        return result;
    }

    internal static void CheckShape(ReadOnlySpan<int> shape)
    {
        foreach (int s in shape)
            if (s < 0) throw new ArgumentException($"Negative dimension {s} in shape {Tensor.FormatShape(shape)}.", nameof(shape));
    }
}
