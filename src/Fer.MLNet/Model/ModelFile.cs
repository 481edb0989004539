using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.Zip;
using Fer.MLNet.Pipeline;
using Fer.Tensors;
using Fer.Tensors.Serialization;

namespace Fer.MLNet.Model;

/// <summary>
/// The model zip: <c>manifest.json</c> (format version, the input schema, and the ordered
/// transformer chain, each with its kind and options as plain JSON) and one
/// <c>transformer_NNN.safetensors</c> entry per transformer that has weights (and a
/// <c>transformer_NNN.onnx</c> entry per transformer that runs an ONNX model). Writing is atomic and
/// deterministic; reading is strict: only those entry names, known kinds, checked sizes and shapes.
/// </summary>
public static class ModelFile
{
    /// <summary>The format name written to the manifest.</summary>
    public const string FormatName = "fermlnet-model";

    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private const string ManifestEntry = "manifest.json";
    private const int MaxManifestBytes = 4 << 20;

    /// <summary>Saves <paramref name="model"/> (a transformer or a chain of them) with the schema of the data it expects.</summary>
    /// <exception cref="ArgumentException">A step of the chain cannot be saved; the message names it.</exception>
    public static void Save(ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllBytes(path, Serialize(model, inputSchema));
    }

    /// <summary>Saves to a stream.</summary>
    public static void Save(ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Serialize(model, inputSchema));
    }

    /// <summary>The zip bytes of <paramref name="model"/>.</summary>
    public static byte[] Serialize(ITransformer model, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        model.GetOutputSchema(inputSchema); // a model that cannot run on its schema is not saved
        var steps = Flatten(model).ToList();
        var zip = new DeterministicZipWriter();
        var chain = new JsonArray();
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not IPersistentTransformer p)
                throw new ArgumentException($"Step {i} of the model ({steps[i].GetType().Name}) cannot be saved: it does not implement {nameof(IPersistentTransformer)}.", nameof(model));
            TransformerState state = p.GetState();
            var entry = new JsonObject { ["kind"] = p.Kind, ["options"] = state.Options.DeepClone() };
            if (state.Weights is { Count: > 0 })
            {
                string name = WeightsEntry(i);
                zip.Add(name, SafeTensorsFile.Serialize(state.Weights));
                entry["weights"] = name;
            }
            if (state.OnnxModel is { } onnx)
            {
                string name = OnnxEntry(i);
                zip.Add(name, onnx.Span);
                entry["onnx"] = name;
            }
            chain.Add(entry);
        }
        var schema = new JsonArray();
        foreach (var c in inputSchema.Where(c => !c.IsHidden))
        {
            var column = new JsonObject { ["name"] = c.Name, ["type"] = DataViewTypeNames.Format(c.Type) };
            // Annotations are part of the schema a model was built for (class names of a label column).
            if (c.Annotations.KeyValues is { } keys) column["keyValues"] = new JsonArray([.. keys.Select(k => (JsonNode)JsonValue.Create(k))]);
            if (c.Annotations.SlotNames is { } slots) column["slotNames"] = new JsonArray([.. slots.Select(k => (JsonNode)JsonValue.Create(k))]);
            schema.Add(column);
        }
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["formatVersion"] = FormatVersion,
            ["inputSchema"] = schema,
            ["transformers"] = chain,
        };
        byte[] json = Encoding.UTF8.GetBytes(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        zip.Add(ManifestEntry, json);
        return zip.ToArray();
    }

    /// <summary>Loads a model saved by <see cref="Save(ITransformer, DataViewSchema, string)"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model zip; the message names the file, the entry and the problem.</exception>
    public static TransformerChain<ITransformer> Load(string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Load(SafeZipReader.Read(path, Options()), out inputSchema);
    }

    /// <summary>Loads a model from a stream.</summary>
    public static TransformerChain<ITransformer> Load(Stream stream, out DataViewSchema inputSchema, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Load(SafeZipReader.Read(stream, sourceName, Options()), out inputSchema);
    }

    private static SafeZipReaderOptions Options() => new()
    {
        EntryFilter = name => name == ManifestEntry || IsWeightsEntry(name) || IsOnnxEntry(name),
        MaxEntryCount = 1001,
    };

    private static TransformerChain<ITransformer> Load(SafeZipArchive zip, out DataViewSchema inputSchema)
    {
        string file = zip.SourceName;
        ModelFormatException Bad(string detail, string? entry = ManifestEntry, Exception? inner = null) => new(detail, file, entry, inner);

        if (!zip.TryGetEntry(ManifestEntry, out ReadOnlyMemory<byte> manifestBytes)) throw Bad("the archive has no manifest.json; it is not a FerMLNet model.", null);
        if (manifestBytes.Length > MaxManifestBytes) throw Bad($"manifest.json is {manifestBytes.Length} bytes; at most {MaxManifestBytes} are accepted.");
        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(manifestBytes.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw Bad("manifest.json is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw Bad($"manifest.json is not valid JSON: {e.Message}", inner: e);
        }
        if (manifest["format"]?.GetValueKind() != JsonValueKind.String || manifest["format"]!.GetValue<string>() != FormatName)
            throw Bad($"manifest.json does not declare format '{FormatName}'.");
        if (manifest["formatVersion"] is not JsonValue version || version.GetValueKind() != JsonValueKind.Number
            || !version.TryGetValue(out int versionNumber) || versionNumber != FormatVersion)
            throw Bad($"format version {manifest["formatVersion"]?.ToJsonString() ?? "(missing)"} is not supported (this build reads version {FormatVersion}).");

        var builder = new DataViewSchema.Builder();
        if (manifest["inputSchema"] is not JsonArray schema) throw Bad("manifest.json has no inputSchema array.");
        foreach (JsonNode? c in schema)
        {
            try
            {
                if (c is not JsonObject column) throw new FormatException("a column must be a JSON object.");
                var state = new TransformerState(column);
                var annotations = new DataViewAnnotations
                {
                    KeyValues = column["keyValues"] is null ? null : state.GetStrings("keyValues"),
                    SlotNames = column["slotNames"] is null ? null : state.GetStrings("slotNames"),
                };
                builder.AddColumn(state.Get<string>("name"), DataViewTypeNames.Parse(state.Get<string>("type")), annotations);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or OverflowException)
            {
                throw Bad($"inputSchema entry {c?.ToJsonString()} is invalid: {e.Message}", inner: e);
            }
        }
        inputSchema = builder.ToSchema();

        if (manifest["transformers"] is not JsonArray chain) throw Bad("manifest.json has no transformers array.");
        var steps = new List<ITransformer>();
        var usedWeights = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < chain.Count; i++)
        {
            if (chain[i] is not JsonObject step || step["kind"]?.GetValueKind() != JsonValueKind.String || step["options"] is not JsonObject options)
                throw Bad($"transformer {i} needs a string 'kind' and an object 'options'.");
            string kind = step["kind"]!.GetValue<string>();
            if (!TransformerRegistry.TryGet(kind, out var load))
                throw Bad($"transformer {i} has unknown kind '{kind}'. Known kinds: {string.Join(", ", TransformerRegistry.Kinds)}.");
            IReadOnlyDictionary<string, Tensor>? weights = null;
            if (step["weights"] is JsonNode w)
            {
                string entry = w.GetValueKind() == JsonValueKind.String ? w.GetValue<string>() : "";
                if (entry != WeightsEntry(i)) throw Bad($"transformer {i} names weights '{w.ToJsonString()}'; expected '{WeightsEntry(i)}'.");
                if (!zip.TryGetEntry(entry, out ReadOnlyMemory<byte> bytes)) throw Bad($"transformer {i}'s weights entry is missing.", entry);
                try
                {
                    weights = SafeTensorsFile.Read(bytes.ToArray(), $"{file}!{entry}").Tensors;
                }
                catch (SafeTensorsFormatException e)
                {
                    throw Bad($"weights of transformer {i} ({kind}) are invalid: {e.Message}", entry, e);
                }
                usedWeights.Add(entry);
            }
            ReadOnlyMemory<byte>? onnx = null;
            string? onnxEntry = null;
            if (step["onnx"] is JsonNode o)
            {
                onnxEntry = o.GetValueKind() == JsonValueKind.String ? o.GetValue<string>() : "";
                if (onnxEntry != OnnxEntry(i)) throw Bad($"transformer {i} names an ONNX model '{o.ToJsonString()}'; expected '{OnnxEntry(i)}'.");
                if (!zip.TryGetEntry(onnxEntry, out ReadOnlyMemory<byte> bytes)) throw Bad($"transformer {i}'s ONNX model entry is missing.", onnxEntry);
                onnx = bytes;
                usedWeights.Add(onnxEntry);
            }
            try
            {
                steps.Add(load(new TransformerState((JsonObject)options.DeepClone(), weights) { OnnxModel = onnx }));
            }
            catch (ModelFormatException e) when (onnxEntry is not null)
            {
                throw Bad($"the ONNX model of transformer {i} ({kind}) is invalid: {e.Message}", onnxEntry, e);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OverflowException or InvalidCastException)
            {
                throw Bad($"transformer {i} ({kind}) cannot be rebuilt: {e.Message}", inner: e);
            }
        }
        foreach (string name in zip.EntryNames)
            if (name != ManifestEntry && !usedWeights.Contains(name)) throw Bad($"entry '{name}' is not referenced by the manifest.", name);
        var model = new TransformerChain<ITransformer>([.. steps]);
        try
        {
            model.GetOutputSchema(inputSchema);
        }
        catch (ArgumentException e)
        {
            throw Bad($"the saved chain does not accept its own input schema: {e.Message}", inner: e);
        }
        return model;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t)
    {
        if (t is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer child in chain)
                foreach (ITransformer leaf in Flatten(child))
                    yield return leaf;
        }
        else
        {
            yield return t;
        }
    }

    private static string WeightsEntry(int index) => "transformer_" + index.ToString("D3", CultureInfo.InvariantCulture) + ".safetensors";

    private static string OnnxEntry(int index) => "transformer_" + index.ToString("D3", CultureInfo.InvariantCulture) + ".onnx";

    private static bool IsOnnxEntry(string name)
        => name.Length == "transformer_000.onnx".Length && name.StartsWith("transformer_", StringComparison.Ordinal)
           && name.EndsWith(".onnx", StringComparison.Ordinal) && name.AsSpan(12, 3).IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool IsWeightsEntry(string name)
        => name.Length == "transformer_000.safetensors".Length && name.StartsWith("transformer_", StringComparison.Ordinal)
           && name.EndsWith(".safetensors", StringComparison.Ordinal) && name.AsSpan(12, 3).IndexOfAnyExceptInRange('0', '9') < 0;
}
