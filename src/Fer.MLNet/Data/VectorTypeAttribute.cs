namespace Fer.MLNet.Data;

/// <summary>Declares the fixed shape of a <c>float[]</c> POCO property (ML.NET's attribute of the same name).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class VectorTypeAttribute(params int[] dimensions) : Attribute
{
    /// <summary>The shape.</summary>
    public IReadOnlyList<int> Dimensions { get; } = dimensions;
}
