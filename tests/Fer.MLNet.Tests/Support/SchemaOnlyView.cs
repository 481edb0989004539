using Fer.MLNet.Data;
using Fer.Tensors.Random;

namespace Fer.MLNet.Tests.Support;

/// <summary>A view with a schema and no readable rows: code that reads it before checking the schema fails loudly.</summary>
internal sealed class SchemaOnlyView(DataViewSchema schema) : IDataView
{
    public DataViewSchema Schema { get; } = schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Generator? rand = null)
        => throw new Xunit.Sdk.XunitException("the view was read although its schema should have been refused first");
}
