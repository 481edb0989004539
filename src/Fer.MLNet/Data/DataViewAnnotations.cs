namespace Fer.MLNet.Data;

/// <summary>
/// Extra facts about a column: the names of a vector's slots (e.g. the class of each score) or the
/// class names that a 0-based label index stands for.
/// </summary>
public sealed class DataViewAnnotations
{
    /// <summary>No annotations.</summary>
    public static DataViewAnnotations None { get; } = new();

    /// <summary>Names of the slots of a vector column (e.g. the class of each score), or null.</summary>
    public IReadOnlyList<string>? SlotNames { get; init; }

    /// <summary>Names of the classes that 0-based indices in an Int32 label column stand for, or null.</summary>
    public IReadOnlyList<string>? KeyValues { get; init; }
}
