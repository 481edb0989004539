using Fer.Tensors.Internal;
using Fer.Tensors.Random;

namespace Fer.Tensors;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape)
    {
        ShapeUtil.CheckShape(shape);
        int n = ShapeUtil.Product(shape);
        float[]? pooled = Memory.TensorScope.Rent(n);
        if (pooled is null) return new(new float[n], (int[])shape.Clone());
        pooled.AsSpan().Clear();
        return new(pooled, (int[])shape.Clone());
    }

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Empty(shape);
        t.Storage.AsSpan(0, t.ElementCount).Fill(value);
        return t;
    }

    /// <summary>A one-element tensor of rank 0.</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>A copy of <paramref name="data"/> with the given shape (row-major).</summary>
    /// <exception cref="ArgumentException">The data length does not equal the shape's element count.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        int n = ShapeUtil.Product(shape);
        if (data.Length != n)
            throw new ArgumentException($"Data has {data.Length} elements but shape {FormatShape(shape)} needs {n}.", nameof(data));
        var t = Empty(shape);
        data.CopyTo(t.Storage);
        return t;
    }

    /// <summary>A rank-1 copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(params float[] data) => FromArray(data.AsSpan(), data.Length);

    /// <summary>Wraps <paramref name="data"/> without copying: the tensor and the caller share the array.</summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = ShapeUtil.Product(shape);
        if (data.Length != n)
            throw new ArgumentException($"Data has {data.Length} elements but shape {FormatShape(shape)} needs {n}.", nameof(data));
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>Values start, start+step, ... below end (rank 1).</summary>
    public static Tensor Arange(float start, float end, float step = 1f)
    {
        if (step == 0 || float.IsNaN(step)) throw new ArgumentOutOfRangeException(nameof(step), "step must be non-zero.");
        int n = Math.Max(0, (int)Math.Ceiling((end - start) / step));
        var t = Empty(n);
        for (int i = 0; i < n; i++) t.Storage[i] = start + i * step;
        return t;
    }

    /// <summary>Values uniformly distributed in [low, high) from <paramref name="generator"/>.</summary>
    public static Tensor Uniform(Generator generator, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Empty(shape);
        Span<float> s = t.Storage.AsSpan(0, t.ElementCount);
        for (int i = 0; i < s.Length; i++) s[i] = (float)(low + (high - low) * generator.NextDouble());
        return t;
    }

    /// <summary>Values uniformly distributed in [0, 1).</summary>
    public static Tensor Rand(Generator generator, params int[] shape) => Uniform(generator, 0f, 1f, shape);

    /// <summary>Normally distributed values with the given mean and standard deviation.</summary>
    public static Tensor Normal(Generator generator, float mean, float std, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Empty(shape);
        Span<float> s = t.Storage.AsSpan(0, t.ElementCount);
        for (int i = 0; i < s.Length; i++) s[i] = (float)(mean + std * generator.NextNormal());
        return t;
    }

    /// <summary>Standard normal values.</summary>
    public static Tensor Randn(Generator generator, params int[] shape) => Normal(generator, 0f, 1f, shape);

    /// <summary>Zeros with the shape of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Zeros(like.shape);
    }

    /// <summary>Ones with the shape of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Ones(like.shape);
    }

    /// <summary>
    /// A contiguous tensor whose elements are not initialised (every caller overwrites them all); its
    /// storage comes from the pool of the current <see cref="Memory.TensorScope"/>, if any.
    /// </summary>
    internal static Tensor Empty(params int[] shape) => Empty(shape, pooled: true);

    /// <summary>As <see cref="Empty(int[])"/>; <paramref name="pooled"/> false never takes pooled storage (results that outlive a step).</summary>
    internal static Tensor Empty(int[] shape, bool pooled)
    {
        ShapeUtil.CheckShape(shape);
        int n = ShapeUtil.Product(shape);
        float[] storage = (pooled ? Memory.TensorScope.Rent(n) : null) ?? GC.AllocateUninitializedArray<float>(n);
        return new Tensor(storage, (int[])shape.Clone());
    }

    /// <summary>A contiguous copy of the data with no autograd history.</summary>
    internal Tensor CloneData(bool pooled = true)
    {
        var t = Empty(shape, pooled);
        CopyDataTo(t.Storage, 0);
        return t;
    }

    /// <summary>A contiguous copy that stays in the graph (gradient passes through).</summary>
    public Tensor Clone() => Record(CloneData(), "clone", this, g => g);

    internal void CopyDataTo(float[] destination, int destinationOffset)
    {
        if (IsContiguous) Storage.AsSpan(Offset, ElementCount).CopyTo(destination.AsSpan(destinationOffset));
        else StridedLoop.CopyToContiguous(Storage, Offset, shape, strides, destination, destinationOffset);
    }
}
