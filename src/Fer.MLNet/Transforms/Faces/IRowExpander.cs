using Fer.MLNet.Data;

namespace Fer.MLNet.Transforms;

/// <summary>The work of a row-expanding transform (zero or more output rows per input row), run by <see cref="FlatMappedDataView"/>.</summary>
internal interface IRowExpander
{
    /// <summary>Names of the input columns read by <see cref="Expand"/>, in the order of its inputs.</summary>
    IReadOnlyList<string> InputColumnNames { get; }

    /// <summary>True when expanding a row is costly, so rows are expanded in parallel blocks.</summary>
    bool IsExpensive { get; }

    /// <summary>The output columns; checks every input column first and throws an <see cref="ArgumentException"/> naming a bad one.</summary>
    IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema);

    /// <summary>Appends one array of output values per output row to <paramref name="rows"/> (thread-safe, pure).</summary>
    void Expand(ReadOnlySpan<object?> inputs, List<object?[]> rows, RowContext context);
}
