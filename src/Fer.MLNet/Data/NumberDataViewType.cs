namespace Fer.MLNet.Data;

/// <summary>Scalar numeric columns: <see cref="Single"/> (float) and <see cref="Int32"/> (int, e.g. 0-based class indices).</summary>
public sealed class NumberDataViewType : DataViewType
{
    private NumberDataViewType(Type rawType) : base(rawType) { }

    /// <summary>A float32 scalar.</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float));

    /// <summary>An int32 scalar.</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int));

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is NumberDataViewType n && n.RawType == RawType;

    /// <inheritdoc />
    public override int GetHashCode() => RawType.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => RawType == typeof(float) ? "Single" : "Int32";
}
