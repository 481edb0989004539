namespace Fer.MLNet.Data;

/// <summary>A string column.</summary>
public sealed class TextDataViewType : DataViewType
{
    private TextDataViewType() : base(typeof(string)) { }

    /// <summary>The single instance.</summary>
    public static TextDataViewType Instance { get; } = new();

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is TextDataViewType;

    /// <inheritdoc />
    public override int GetHashCode() => 1;

    /// <inheritdoc />
    public override string ToString() => "String";
}
