namespace Fer.MLNet.Data;

/// <summary>
/// The type of a data view column. Values are exchanged as plain .NET values:
/// <see cref="NumberDataViewType.Single"/> as <see cref="float"/>, <see cref="NumberDataViewType.Int32"/> as <see cref="int"/>,
/// <see cref="TextDataViewType"/> as <see cref="string"/>, <see cref="BooleanDataViewType"/> as <see cref="bool"/>,
/// <see cref="VectorDataViewType"/> as <c>float[]</c>, <see cref="ImageDataViewType"/> as an image.
/// </summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    /// <summary>Creates a type whose values are of <paramref name="rawType"/>.</summary>
    protected DataViewType(Type rawType) => RawType = rawType;

    /// <summary>The .NET type of a value of this column.</summary>
    public Type RawType { get; }

    /// <inheritdoc />
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DataViewType t && Equals(t);

    /// <inheritdoc />
    public override int GetHashCode() => RawType.GetHashCode();
}
