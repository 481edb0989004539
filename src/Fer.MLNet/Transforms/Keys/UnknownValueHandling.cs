namespace Fer.MLNet.Transforms;

/// <summary>What <see cref="ValueToKeyMappingTransformer"/> does with a value it did not learn.</summary>
public enum UnknownValueHandling
{
    /// <summary>Fail, naming the value, the column and the row.</summary>
    Error,

    /// <summary>Map it to -1 (which <see cref="KeyToValueMappingTransformer"/> maps back to an empty string).</summary>
    MapToMinusOne,
}
