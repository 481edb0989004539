using Fer.Tensors.Random;

namespace Fer.MLNet.Data;

/// <summary>
/// A lazy, schema'd table read through cursors (ML.NET's IDataView). Reading never changes the view;
/// transforms compute their columns only for rows and columns that a cursor asks for.
/// </summary>
public interface IDataView
{
    /// <summary>The columns.</summary>
    DataViewSchema Schema { get; }

    /// <summary>True when <see cref="GetRowCursor"/> can return rows in a seeded random order.</summary>
    bool CanShuffle { get; }

    /// <summary>The number of rows if known without a pass, else null.</summary>
    long? GetRowCount();

    /// <summary>
    /// A cursor over the rows that makes <paramref name="columnsNeeded"/> active. With
    /// <paramref name="rand"/>, a view that can shuffle returns its rows in an order drawn from it.
    /// </summary>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Generator? rand = null);
}
