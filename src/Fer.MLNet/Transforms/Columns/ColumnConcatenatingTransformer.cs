using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Concatenates Single scalars and float vectors into one flat float vector, in the order of
/// <see cref="Options.InputColumnNames"/> (vectors in their row-major order). The output has a fixed
/// length when every input does, else a variable length. Slot names are kept when every input has
/// them (a scalar's slot is named after its column).
/// </summary>
public sealed class ColumnConcatenatingTransformer : RowMappingTransformer
{
    private readonly Work mapper;

    /// <summary>Creates the transformer.</summary>
    /// <exception cref="ArgumentException">The output name is empty, or there is no input column, or an input name is empty.</exception>
    public ColumnConcatenatingTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentNullException.ThrowIfNull(options.InputColumnNames, nameof(options.InputColumnNames));
        if (options.InputColumnNames.Length == 0) throw new ArgumentException("Concatenate needs at least one input column.", nameof(options));
        if (options.InputColumnNames.Any(string.IsNullOrEmpty)) throw new ArgumentException("An input column name is null or empty.", nameof(options));
        Settings = new Options { OutputColumnName = options.OutputColumnName, InputColumnNames = [.. options.InputColumnNames] };
        mapper = new Work(this, null);
    }

    /// <summary>A copy of the settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Kind => "Concatenate";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Bound to this input's declared sizes, so every row is checked against them.
        mapper.GetOutputColumns(input.Schema);
        int[] sizes = [.. Settings.InputColumnNames.Select(n => input.Schema[n].Type is VectorDataViewType v ? v.Size : 1)];
        return new MappedDataView(input, new Work(this, sizes));
    }

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnNames"] = TransformSupport.ToJson(Settings.InputColumnNames),
    });

    internal static ColumnConcatenatingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnNames = s.GetStrings("inputColumnNames"),
    });

    /// <summary>Settings of <see cref="ColumnConcatenatingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The vector column to write.</summary>
        public string OutputColumnName { get; set; } = "Features";

        /// <summary>The Single or float vector columns to join, in order.</summary>
        public string[] InputColumnNames { get; set; } = [];
    }

    /// <summary>Declared sizes per input (0 = variable), or null before a view is known.</summary>
    private sealed class Work(ColumnConcatenatingTransformer owner, int[]? sizes) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => owner.Settings.InputColumnNames;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            int total = 0;
            bool known = true;
            var slots = new List<string>();
            bool named = true;
            foreach (string name in owner.Settings.InputColumnNames)
            {
                var col = RequireColumn(inputSchema, name, "Single or a float vector", t => t is VectorDataViewType || t.Equals(NumberDataViewType.Single), "Concatenate");
                if (col.Type is VectorDataViewType v)
                {
                    known &= v.IsKnownSize;
                    total = known ? checked(total + v.Size) : 0;
                    if (col.Annotations.SlotNames is { } s && v.IsKnownSize && s.Count == v.Size) slots.AddRange(s);
                    else named = false;
                }
                else
                {
                    total = known ? checked(total + 1) : 0;
                    slots.Add(name);
                }
            }
            VectorDataViewType type = known ? new VectorDataViewType(total) : new VectorDataViewType();
            var annotations = known && named ? new DataViewAnnotations { SlotNames = slots.AsReadOnly() } : null;
            return [(owner.Settings.OutputColumnName, type, annotations)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            string[] names = owner.Settings.InputColumnNames;
            int length = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                switch (inputs[i])
                {
                    case float:
                        length++;
                        break;
                    case float[] a:
                        if (sizes is not null && sizes[i] > 0 && a.Length != sizes[i])
                            throw new InvalidOperationException($"Concatenate: column '{names[i]}' is declared with {sizes[i]} values but holds {a.Length}.");
                        length += a.Length;
                        break;
                    default:
                        throw new InvalidOperationException($"Concatenate: column '{names[i]}' holds {(inputs[i] is null ? "no value (null)" : inputs[i]!.GetType().Name)}; expected Single or float[].");
                }
            }
            var result = new float[length];
            int at = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i] is float f) result[at++] = f;
                else
                {
                    var a = (float[])inputs[i]!;
                    a.CopyTo(result, at);
                    at += a.Length;
                }
            }
            outputs[0] = result;
            return true;
        }
    }
}
