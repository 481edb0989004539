namespace Fer.MLNet.Data;

/// <summary>A boolean column.</summary>
public sealed class BooleanDataViewType : DataViewType
{
    private BooleanDataViewType() : base(typeof(bool)) { }

    /// <summary>The single instance.</summary>
    public static BooleanDataViewType Instance { get; } = new();

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is BooleanDataViewType;

    /// <inheritdoc />
    public override int GetHashCode() => 2;

    /// <inheritdoc />
    public override string ToString() => "Boolean";
}
