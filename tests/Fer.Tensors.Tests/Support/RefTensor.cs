namespace Fer.Tensors.Tests.Support;

/// <summary>A plain double-precision n-d array for reference implementations (row-major).</summary>
public sealed class RefTensor
{
    public RefTensor(int[] shape, double[] data)
    {
        Shape = shape;
        Data = data;
        if (data.Length != Size(shape)) throw new ArgumentException("data length does not match shape");
    }

    public RefTensor(params int[] shape) : this(shape, new double[Size(shape)]) { }

    public int[] Shape { get; }

    public double[] Data { get; }

    public int Rank => Shape.Length;

    public double this[params int[] idx]
    {
        get => Data[Flat(idx)];
        set => Data[Flat(idx)] = value;
    }

    public int Flat(int[] idx)
    {
        int f = 0;
        for (int d = 0; d < Shape.Length; d++) f = f * Shape[d] + idx[d];
        return f;
    }

    public static int Size(int[] shape)
    {
        int n = 1;
        foreach (int s in shape) n *= s;
        return n;
    }

    public static RefTensor From(Tensor t) => new(t.Shape.ToArray(), t.ToArray().Select(v => (double)v).ToArray());

    public RefTensor Clone() => new((int[])Shape.Clone(), (double[])Data.Clone());

    public float[] ToFloat() => Data.Select(v => (float)v).ToArray();
}
