using Fer.MLNet.Data;

namespace Fer.MLNet.Pipeline;

/// <summary>A fitted step of a pipeline: maps a data view to a data view, lazily.</summary>
public interface ITransformer
{
    /// <summary>The schema <see cref="Transform"/> would produce; checks every input column and names what is missing or mistyped.</summary>
    /// <exception cref="ArgumentException">An input column is missing or has the wrong type.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>A lazy view of <paramref name="input"/> with this step's columns added. Never modifies the input.</summary>
    IDataView Transform(IDataView input);
}
