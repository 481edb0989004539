using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Prediction;

/// <summary>
/// Scores single examples given as POCOs. Unlike ML.NET's, it is safe to call from many threads at
/// once: every call builds its own one-row view and cursor, and fitted transformers keep no
/// per-call state. Input members map to columns by name (or <see cref="ColumnNameAttribute"/>);
/// output members are filled from the columns of the same name. An Int32 label column with class
/// names can fill a string member (its class name).
/// </summary>
public sealed class PredictionEngine<TSrc, TDst>
    where TSrc : class
    where TDst : class, new()
{
    private readonly ITransformer model;
    private readonly PocoSchema input = PocoSchema.For<TSrc>();
    private readonly DataViewSchema inputSchema;
    private readonly (PocoSchema.Member Member, DataViewSchema.Column Column, bool AsName)[] outputs;

    /// <summary>Creates an engine; checks now that the model accepts <typeparamref name="TSrc"/> and produces every member of <typeparamref name="TDst"/>.</summary>
    /// <exception cref="ArgumentException">A column is missing or its type does not fit the member.</exception>
    public PredictionEngine(ITransformer model, bool ignoreMissingColumns = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        inputSchema = input.ToSchema();
        DataViewSchema outSchema = model.GetOutputSchema(inputSchema);
        var list = new List<(PocoSchema.Member, DataViewSchema.Column, bool)>();
        foreach (PocoSchema.Member m in PocoSchema.For<TDst>().Members)
        {
            if (!m.CanWrite) continue;
            DataViewSchema.Column? col = outSchema.GetColumnOrNull(m.ColumnName);
            if (col is null)
            {
                if (ignoreMissingColumns) continue;
                throw new ArgumentException($"{typeof(TDst).Name}.{m.ColumnName}: the model produces no column '{m.ColumnName}'. Output columns: {outSchema}.");
            }
            bool asName = m.ColumnType is TextDataViewType && col.Value.Type is NumberDataViewType && col.Value.Annotations.KeyValues is not null;
            if (!asName && !Compatible(m.ColumnType, col.Value.Type))
                throw new ArgumentException($"{typeof(TDst).Name}.{m.ColumnName} is {m.ColumnType} but column '{m.ColumnName}' is {col.Value.Type}.");
            list.Add((m, col.Value, asName));
        }
        outputs = [.. list];
    }

    /// <summary>Scores one example.</summary>
    public TDst Predict(TSrc example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return PredictBatch([example])[0];
    }

    /// <summary>Scores several examples in one pass (costly steps run in parallel blocks), in order.</summary>
    public IReadOnlyList<TDst> PredictBatch(IReadOnlyList<TSrc> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var columns = new List<object?[]>();
        foreach (PocoSchema.Member m in input.Members)
        {
            var values = new object?[examples.Count];
            for (int i = 0; i < examples.Count; i++)
            {
                object? v = m.Get(examples[i] ?? throw new ArgumentException($"Example {i} is null.", nameof(examples)));
                if (v is null && m.ColumnType is NumberDataViewType or BooleanDataViewType)
                    throw new ArgumentException($"Example {i}: {typeof(TSrc).Name}.{m.ColumnName} is null.", nameof(examples));
                values[i] = v;
            }
            columns.Add(values);
        }
        var view = new InMemoryDataView(inputSchema, columns);
        IDataView scored = model.Transform(view);
        var results = new List<TDst>(examples.Count);
        using DataViewRowCursor cursor = scored.GetRowCursor(outputs.Select(o => o.Column));
        while (cursor.MoveNext())
        {
            var dst = new TDst();
            foreach (var (member, column, asName) in outputs)
            {
                object? v = cursor.GetBoxedValue(column);
                if (asName && v is int k)
                {
                    var names = column.Annotations.KeyValues!;
                    v = k >= 0 && k < names.Count ? names[k] : k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                member.Set(dst, v is float[] arr ? arr.Clone() : v);
            }
            results.Add(dst);
        }
        if (results.Count != examples.Count)
            throw new InvalidOperationException($"The model returned {results.Count} rows for {examples.Count} examples (a step dropped or added rows; use the data-view API for such pipelines).");
        return results;
    }

    // A float[] member takes any vector, an Image member any image size (POCO members carry no shape).
    private static bool Compatible(DataViewType member, DataViewType column)
        => member is VectorDataViewType && column is VectorDataViewType || member is ImageDataViewType && column is ImageDataViewType || member.Equals(column);
}
