namespace Fer.MLNet.Data;

/// <summary>
/// A float32 vector column with a fixed shape (e.g. [3, 112, 112] pixels, [7] scores, [256] features)
/// or a variable length (empty <see cref="Dimensions"/>). Values are <c>float[]</c> in row-major order.
/// </summary>
public sealed class VectorDataViewType : DataViewType
{
    /// <summary>A vector of the given shape; no dimensions means variable length.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    public VectorDataViewType(params int[] dimensions) : base(typeof(float[]))
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        foreach (int d in dimensions) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d, nameof(dimensions));
        Dimensions = (int[])dimensions.Clone();
        Size = dimensions.Length == 0 ? 0 : dimensions.Aggregate(1, (a, b) => checked(a * b));
    }

    /// <summary>The shape, or empty for variable length.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The number of elements (0 for variable length).</summary>
    public int Size { get; }

    /// <summary>True when every value has <see cref="Size"/> elements.</summary>
    public bool IsKnownSize => Size > 0;

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is VectorDataViewType v && v.Dimensions.SequenceEqual(Dimensions);

    /// <inheritdoc />
    public override int GetHashCode() => Dimensions.Aggregate(17, HashCode.Combine);

    /// <inheritdoc />
    public override string ToString() => IsKnownSize ? $"Vector<Single, {string.Join(", ", Dimensions)}>" : "Vector<Single>";
}
