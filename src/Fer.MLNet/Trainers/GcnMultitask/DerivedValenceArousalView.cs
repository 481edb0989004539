using Fer.MLNet.Data;
using Fer.Trainers.GcnMultitask;
using Fer.Transforms.Taxonomy;

namespace Fer.MLNet.Trainers.GcnMultitask;

/// <summary>
/// Adds "derived valence/arousal" columns to data that has expression vote distributions but no
/// valence/arousal annotation (FER+): each row's values are the distribution-weighted mean of the
/// per-expression table of <see cref="DerivedValenceArousal"/> (NRC VAD Lexicon, mapped to [-1, 1]).
/// This prepares training and evaluation data; it is not a pipeline step (images scored later have
/// no votes), so nothing of it is saved in a model.
/// </summary>
public static class DerivedValenceArousalView
{
    /// <summary>
    /// A lazy view of <paramref name="data"/> with Single columns <paramref name="valenceColumnName"/> and
    /// <paramref name="arousalColumnName"/> (NaN for a row whose distribution has no mass). The
    /// distribution's slots are named by its SlotNames; without them an 8-value vector is read in FER+
    /// (= <see cref="Expression"/>) order, and a vector as long as the label's class list in that order.
    /// </summary>
    /// <exception cref="ArgumentException">The distribution column is missing or not a fixed-size vector, or its slots are not expressions.</exception>
    public static IDataView Create(IDataView data, string distributionColumnName = "Distribution", string labelColumnName = "Label",
        string valenceColumnName = "Valence", string arousalColumnName = "Arousal")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(valenceColumnName);
        ArgumentException.ThrowIfNullOrEmpty(arousalColumnName);
        const string Name = "DeriveValenceArousal";
        var col = data.Schema.GetColumnOrNull(distributionColumnName)
            ?? throw new ArgumentException($"{Name}: distribution column '{distributionColumnName}' not found. Available columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}. FER+ data (fer.Data.LoadFerPlus) has one.");
        if (col.Type is not VectorDataViewType { IsKnownSize: true } v)
            throw new ArgumentException($"{Name}: distribution column '{distributionColumnName}' has type {col.Type}; expected a fixed-size vector of per-expression votes or probabilities.");
        IReadOnlyList<string> slots = col.Annotations.SlotNames
            ?? (data.Schema.GetColumnOrNull(labelColumnName)?.Annotations.KeyValues is { } keys && keys.Count == v.Size ? keys
            : v.Size == ExpressionTaxonomy.Canonical8.Names.Count ? ExpressionTaxonomy.Canonical8.Names
            : throw new ArgumentException($"{Name}: distribution column '{distributionColumnName}' has {v.Size} slots without slot names; name them, or give 8 values in FER+ order."));
        if (slots.Count != v.Size) throw new ArgumentException($"{Name}: distribution column '{distributionColumnName}' has {v.Size} values but {slots.Count} slot names.");
        (float Valence, float Arousal)[] table = DerivedValenceArousal.ForClasses(slots);
        return new MappedDataView(data, new Mapper(distributionColumnName, valenceColumnName, arousalColumnName, table));
    }

    private sealed class Mapper(string distribution, string valence, string arousal, (float Valence, float Arousal)[] table) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [distribution];

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, distribution, $"a [{table.Length}] vector", t => t is VectorDataViewType vt && vt.Size == table.Length, "DeriveValenceArousal");
            return [(valence, NumberDataViewType.Single, null), (arousal, NumberDataViewType.Single, null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            var p = (float[]?)inputs[0] ?? throw new ArgumentException($"DeriveValenceArousal: row {context.Position} has no '{distribution}' value.");
            var (v, a) = DerivedValenceArousal.FromDistribution(p, table);
            outputs[0] = v;
            outputs[1] = a;
            return true;
        }
    }
}
