namespace Fer.MLNet.Data;

/// <summary>Maps a POCO property to a column of another name (ML.NET's attribute of the same name).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ColumnNameAttribute(string name) : Attribute
{
    /// <summary>The column name.</summary>
    public string Name { get; } = name;
}
