namespace Fer.MLNet.Data;

/// <summary>Excludes a POCO property from column mapping.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class NoColumnAttribute : Attribute
{
}
