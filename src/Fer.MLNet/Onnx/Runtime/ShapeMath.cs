namespace Fer.MLNet.Onnx.Runtime;

/// <summary>Shape arithmetic shared by operators, with -1 standing for an unknown dimension.</summary>
internal static class ShapeMath
{
    /// <summary>Numpy-style (multidirectional) broadcast of two shapes; null when a rank is unknown.</summary>
    /// <exception cref="InvalidOperationException">Two known dimensions differ and neither is 1 (message names both shapes).</exception>
    public static int[]? Broadcast(int[]? a, int[]? b)
    {
        if (a is null || b is null) return null;
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            result[i] = BroadcastDim(da, db, a, b);
        }
        return result;
    }

    private static int BroadcastDim(int a, int b, int[] sa, int[] sb)
    {
        if (a == b) return a;
        if (a == 1) return b;
        if (b == 1) return a;
        if (a < 0 && b < 0) return -1;
        if (a < 0) return b;
        if (b < 0) return a;
        throw new InvalidOperationException($"shapes {SymbolicValue.Format(sa)} and {SymbolicValue.Format(sb)} cannot be broadcast together (dimension {a} vs {b}).");
    }

    /// <summary>The product of known dimensions, or -1 when one is unknown or the rank is unknown.</summary>
    public static long Product(int[]? dims)
    {
        if (dims is null) return -1;
        long p = 1;
        foreach (int d in dims)
        {
            if (d < 0) return -1;
            p *= d;
            if (p > int.MaxValue) return long.MaxValue;
        }
        return p;
    }

    public static long Product(ReadOnlySpan<int> dims, int start, int end)
    {
        long p = 1;
        for (int i = start; i < end; i++) p *= dims[i];
        return p;
    }

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /// <summary>Strides of <paramref name="shape"/> read as if broadcast to <paramref name="target"/> (0 on repeated dimensions).</summary>
    public static int[] BroadcastStrides(int[] shape, int[] target)
    {
        int[] own = Strides(shape);
        var s = new int[target.Length];
        int shift = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++) s[i + shift] = shape[i] == 1 && target[i + shift] != 1 ? 0 : own[i];
        return s;
    }
}
