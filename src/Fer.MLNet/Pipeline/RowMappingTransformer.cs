using Fer.MLNet.Data;
using Fer.MLNet.Model;

namespace Fer.MLNet.Pipeline;

/// <summary>
/// Base of the one-to-one transforms: the work is a <see cref="RowMapper"/>, applied lazily by a
/// <see cref="MappedDataView"/>; the options saved in a model zip rebuild the same mapper.
/// </summary>
public abstract class RowMappingTransformer : IPersistentTransformer
{
    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <summary>True when the mapper uses a per-row generator (random transforms).</summary>
    protected virtual bool RandomPerRow => false;

    /// <summary>The mapper that does the work (stateless and thread-safe).</summary>
    protected abstract RowMapper Mapper { get; }

    /// <inheritdoc />
    public abstract TransformerState GetState();

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return inputSchema.Append(Mapper.GetOutputColumns(inputSchema));
    }

    /// <inheritdoc />
    public virtual IDataView Transform(IDataView input) => new MappedDataView(input, Mapper, RandomPerRow);
}
