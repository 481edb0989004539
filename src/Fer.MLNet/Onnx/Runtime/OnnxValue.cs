using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime;

/// <summary>
/// A value flowing through an ONNX graph: a float32 <see cref="Tensor"/>, or a row-major array of
/// 64-bit integers with a shape. The integer form keeps shape arithmetic (Shape, Gather, Concat,
/// Unsqueeze, Reshape targets) exact, since the tensor engine is float32 only. Values are never
/// modified after creation.
/// </summary>
public sealed class OnnxValue
{
    private readonly Tensor? tensor;
    private readonly long[]? int64;
    private readonly int[] shape;

    private OnnxValue(Tensor tensor)
    {
        this.tensor = tensor;
        shape = tensor.Shape.ToArray();
    }

    private OnnxValue(long[] data, int[] shape)
    {
        int64 = data;
        this.shape = shape;
    }

    /// <summary>The element type.</summary>
    public OnnxValueKind Kind => tensor is null ? OnnxValueKind.Int64 : OnnxValueKind.Float32;

    /// <summary>The dimensions, outermost first (empty for a scalar).</summary>
    public ReadOnlySpan<int> Shape => shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>The number of elements.</summary>
    public int ElementCount => tensor?.ElementCount ?? int64!.Length;

    internal int[] ShapeArray => shape;

    /// <summary>Wraps a float tensor (not copied; do not modify it afterwards).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
    public static OnnxValue FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new OnnxValue(tensor);
    }

    /// <summary>Wraps row-major 64-bit integers with the given shape (not copied; do not modify them afterwards).</summary>
    /// <exception cref="ArgumentException">The data length differs from the shape's element count, or a dimension is negative.</exception>
    public static OnnxValue FromInt64(long[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape {Tensor.FormatShape(shape)} has a negative dimension.", nameof(shape));
            n *= d;
        }
        if (n != data.Length)
            throw new ArgumentException($"Data has {data.Length} elements but shape {Tensor.FormatShape(shape)} needs {n}.", nameof(data));
        return new OnnxValue(data, (int[])shape.Clone());
    }

    /// <summary>The float tensor.</summary>
    /// <exception cref="InvalidOperationException">The value holds integers (use <see cref="ToFloatTensor"/>).</exception>
    public Tensor AsTensor() => tensor ?? throw new InvalidOperationException($"The value holds int64 data of shape {Tensor.FormatShape(shape)}, not a float tensor.");

    /// <summary>The integers, row-major.</summary>
    /// <exception cref="InvalidOperationException">The value holds a float tensor.</exception>
    public ReadOnlySpan<long> AsInt64() => int64 ?? throw new InvalidOperationException($"The value holds a float tensor of shape {Tensor.FormatShape(shape)}, not int64 data.");

    /// <summary>The value as a float tensor (integers are converted; floats returned as they are).</summary>
    public Tensor ToFloatTensor()
    {
        if (tensor is not null) return tensor;
        var data = new float[int64!.Length];
        for (int i = 0; i < data.Length; i++) data[i] = int64[i];
        return Tensor.Wrap(data, shape);
    }

    internal long[] Int64Array => int64 ?? throw new InvalidOperationException("not an int64 value");

    internal static OnnxValue WrapInt64(long[] data, int[] shape) => new(data, shape);

    /// <inheritdoc />
    public override string ToString() => $"{Kind}{Tensor.FormatShape(shape)}";
}
