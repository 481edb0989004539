using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Maps the strings of a column to 0-based Int32 indices of a fixed list of keys (learned by
/// <see cref="ValueToKeyMappingEstimator"/>); the output column carries the keys as its
/// <see cref="DataViewAnnotations.KeyValues"/>, like a dataset's Label column. A null value counts as
/// the empty string. A value not in the list is an error naming it and its row, or -1 by option.
/// </summary>
public sealed class ValueToKeyMappingTransformer : RowMappingTransformer
{
    private readonly Work mapper;
    private readonly string[] keys;
    private readonly IReadOnlyList<string> readOnlyKeys;
    private readonly Dictionary<string, int> index;

    /// <summary>Creates the transformer for the given keys (index i stands for <paramref name="keys"/>[i]).</summary>
    /// <exception cref="ArgumentException">A column name is empty, a key is null or repeated, or an enum value is undefined.</exception>
    public ValueToKeyMappingTransformer(Options options, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        if (!Enum.IsDefined(options.UnknownValues)) throw new ArgumentOutOfRangeException(nameof(options), options.UnknownValues, "UnknownValues is not a defined UnknownValueHandling.");
        this.keys = [.. keys];
        index = new Dictionary<string, int>(this.keys.Length, StringComparer.Ordinal);
        for (int i = 0; i < this.keys.Length; i++)
        {
            if (this.keys[i] is null) throw new ArgumentException($"Key {i} is null.", nameof(keys));
            if (!index.TryAdd(this.keys[i], i)) throw new ArgumentException($"Key '{this.keys[i]}' appears twice (at {index[this.keys[i]]} and {i}).", nameof(keys));
        }
        readOnlyKeys = Array.AsReadOnly(this.keys);
        Settings = new Options { OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName, UnknownValues = options.UnknownValues };
        mapper = new Work(this);
    }

    /// <summary>A copy of the settings.</summary>
    public Options Settings { get; }

    /// <summary>The keys: index i stands for Keys[i].</summary>
    public IReadOnlyList<string> Keys => readOnlyKeys;

    /// <inheritdoc />
    public override string Kind => "MapValueToKey";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
        ["unknownValues"] = Settings.UnknownValues.ToString(),
        ["keys"] = TransformSupport.ToJson(keys),
    });

    internal static ValueToKeyMappingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
        UnknownValues = s.GetEnum<UnknownValueHandling>("unknownValues"),
    }, s.GetStrings("keys"));

    /// <summary>The key of <paramref name="value"/>, or -1 when it is not a key.</summary>
    public int IndexOf(string? value) => index.TryGetValue(value ?? "", out int k) ? k : -1;

    /// <summary>Settings of <see cref="ValueToKeyMappingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The Int32 key column to write.</summary>
        public string OutputColumnName { get; set; } = "Label";

        /// <summary>The string column to read (null: the output column name).</summary>
        public string? InputColumnName { get; set; }

        /// <summary>What to do with a value that is not a key (default <see cref="UnknownValueHandling.Error"/>).</summary>
        public UnknownValueHandling UnknownValues { get; set; } = UnknownValueHandling.Error;
    }

    private sealed class Work(ValueToKeyMappingTransformer owner) : RowMapper
    {
        private string Input => owner.Settings.InputColumnName ?? owner.Settings.OutputColumnName;

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, Input, "String", t => t is TextDataViewType, "MapValueToKey");
            return [(owner.Settings.OutputColumnName, NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = owner.readOnlyKeys })];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            string value = (string?)inputs[0] ?? "";
            if (owner.index.TryGetValue(value, out int k))
            {
                outputs[0] = k;
            }
            else if (owner.Settings.UnknownValues == UnknownValueHandling.MapToMinusOne)
            {
                outputs[0] = -1;
            }
            else
            {
                string known = string.Join(", ", owner.keys.Take(10).Select(x => $"'{x}'")) + (owner.keys.Length > 10 ? ", ..." : "");
                throw new InvalidOperationException($"MapValueToKey: column '{Input}' holds '{value}', which was not seen when fitting ({owner.keys.Length} known values: {known}). Use UnknownValueHandling.MapToMinusOne to map such values to -1.");
            }
            return true;
        }
    }
}
