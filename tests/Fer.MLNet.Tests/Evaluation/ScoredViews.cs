using Fer.MLNet.Data;

namespace Fer.MLNet.Tests.Evaluation;

/// <summary>Builds small in-memory views of scored rows for the evaluation tests.</summary>
internal static class ScoredViews
{
    /// <summary>A view with the given columns, each (name, type, annotations, values).</summary>
    public static InMemoryDataView Build(params (string Name, DataViewType Type, DataViewAnnotations? Annotations, object?[] Values)[] columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var c in columns) builder.AddColumn(c.Name, c.Type, c.Annotations);
        return new InMemoryDataView(builder.ToSchema(), [.. columns.Select(c => c.Values)]);
    }

    public static (string, DataViewType, DataViewAnnotations?, object?[]) Ints(string name, int[] values, IReadOnlyList<string>? keyValues = null)
        => (name, NumberDataViewType.Int32, keyValues is null ? null : new DataViewAnnotations { KeyValues = keyValues }, [.. values.Cast<object?>()]);

    public static (string, DataViewType, DataViewAnnotations?, object?[]) Singles(string name, float[] values)
        => (name, NumberDataViewType.Single, null, [.. values.Cast<object?>()]);

    public static (string, DataViewType, DataViewAnnotations?, object?[]) Vectors(string name, float[][] values, IReadOnlyList<string>? slotNames = null, bool knownSize = true)
        => (name, knownSize ? new VectorDataViewType(values[0].Length) : new VectorDataViewType(), slotNames is null ? null : new DataViewAnnotations { SlotNames = slotNames }, [.. values.Cast<object?>()]);
}
