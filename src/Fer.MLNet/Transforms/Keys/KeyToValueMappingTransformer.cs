using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Maps 0-based Int32 keys back to their names (the <see cref="DataViewAnnotations.KeyValues"/> that
/// <see cref="KeyToValueMappingEstimator"/> read from the key column when fitting). -1 (an unknown
/// value) becomes the empty string; any other index outside the names is an error naming it and its row.
/// </summary>
public sealed class KeyToValueMappingTransformer : RowMappingTransformer
{
    private readonly Work mapper;
    private readonly IReadOnlyList<string> names;

    /// <summary>Creates the transformer for the given names (key i becomes <paramref name="keyValues"/>[i]).</summary>
    /// <exception cref="ArgumentException">A column name is empty, or there are no names, or a name is null.</exception>
    public KeyToValueMappingTransformer(Options options, IEnumerable<string> keyValues)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keyValues);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        string[] list = [.. keyValues];
        if (list.Length == 0) throw new ArgumentException("There are no key names to map to.", nameof(keyValues));
        if (Array.IndexOf(list, null) is int i and >= 0) throw new ArgumentException($"Key name {i} is null.", nameof(keyValues));
        names = Array.AsReadOnly(list);
        Settings = new Options { OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName };
        mapper = new Work(this);
    }

    /// <summary>A copy of the settings.</summary>
    public Options Settings { get; }

    /// <summary>The names: key i maps to KeyValues[i].</summary>
    public IReadOnlyList<string> KeyValues => names;

    /// <inheritdoc />
    public override string Kind => "MapKeyToValue";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
        ["keyValues"] = TransformSupport.ToJson(names),
    });

    internal static KeyToValueMappingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
    }, s.GetStrings("keyValues"));

    /// <summary>Settings of <see cref="KeyToValueMappingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The string column to write.</summary>
        public string OutputColumnName { get; set; } = "PredictedLabelName";

        /// <summary>The Int32 key column to read (null: the output column name).</summary>
        public string? InputColumnName { get; set; }
    }

    private sealed class Work(KeyToValueMappingTransformer owner) : RowMapper
    {
        private string Input => owner.Settings.InputColumnName ?? owner.Settings.OutputColumnName;

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            var col = RequireColumn(inputSchema, Input, "Int32 (a key)", t => t.Equals(NumberDataViewType.Int32), "MapKeyToValue");
            // Names that the column itself declares must be the ones learned: other names would map silently wrong.
            if (col.Annotations.KeyValues is { Count: > 0 } declared && !declared.SequenceEqual(owner.names, StringComparer.Ordinal))
                throw new ArgumentException($"MapKeyToValue: column '{Input}' declares {declared.Count} key names ({Preview(declared)}) but the transformer was fitted with {owner.names.Count} ({Preview(owner.names)}).");
            return [(owner.Settings.OutputColumnName, TextDataViewType.Instance, null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            int k = inputs[0] is int v ? v : throw new InvalidOperationException($"MapKeyToValue: column '{Input}' holds no Int32 value.");
            if (k == -1)
                outputs[0] = "";
            else if (k >= 0 && k < owner.names.Count)
                outputs[0] = owner.names[k];
            else
                throw new InvalidOperationException($"MapKeyToValue: column '{Input}' holds key {k}; valid keys are 0..{owner.names.Count - 1} (or -1 for unknown).");
            return true;
        }

        private static string Preview(IReadOnlyList<string> list) => string.Join(", ", list.Take(5).Select(x => $"'{x}'")) + (list.Count > 5 ? ", ..." : "");
    }
}
