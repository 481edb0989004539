using System.Text.Json;

namespace Fer.Transforms.Weights;

/// <summary>
/// A parsed tfjs weights manifest (<c>*-weights_manifest.json</c>: an array of groups, or a
/// <c>model.json</c> whose <c>weightsManifest</c> holds them). Every shard path is checked to be
/// relative and inside the manifest's folder; names are unique; shapes, dtypes and quantisation
/// are validated and byte offsets computed with overflow checks. No shard is read here.
/// </summary>
public sealed class TfjsManifest
{
    private static readonly string[] DTypes = ["float32", "int32", "bool"];
    private static readonly string[] QuantDTypes = ["uint8", "uint16", "float16"];

    private TfjsManifest(string path, IReadOnlyList<TfjsWeightGroup> groups)
    {
        ManifestPath = path;
        Groups = groups;
    }

    /// <summary>The manifest file.</summary>
    public string ManifestPath { get; }

    /// <summary>The groups in manifest order.</summary>
    public IReadOnlyList<TfjsWeightGroup> Groups { get; }

    /// <summary>Every weight in manifest order.</summary>
    public IEnumerable<TfjsWeightSpec> Weights => Groups.SelectMany(g => g.Weights);

    /// <summary>Reads and validates the manifest at <paramref name="manifestPath"/>.</summary>
    /// <exception cref="TfjsFormatException">Missing, oversized or malformed manifest, an unsafe path, a bad weight entry, or caps exceeded.</exception>
    public static TfjsManifest Load(string manifestPath, TfjsLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestPath);
        options ??= new TfjsLoadOptions();
        string full = Path.GetFullPath(manifestPath);
        var info = new FileInfo(full);
        if (!info.Exists) throw new TfjsFormatException($"{full}: tfjs manifest does not exist.");
        if (info.Length > options.MaxManifestBytes)
            throw new TfjsFormatException($"{full}: manifest is {info.Length} bytes, over the {options.MaxManifestBytes}-byte cap.");
        byte[] json = File.ReadAllBytes(full);
        if (json.Length > options.MaxManifestBytes)
            throw new TfjsFormatException($"{full}: manifest is over the {options.MaxManifestBytes}-byte cap.");
        return Parse(json, full, options);
    }

    /// <summary>Parses manifest JSON; shard paths are resolved against the folder of <paramref name="manifestPath"/>.</summary>
    /// <exception cref="TfjsFormatException">Malformed JSON or entries, an unsafe path, or caps exceeded.</exception>
    public static TfjsManifest Parse(ReadOnlySpan<byte> json, string manifestPath, TfjsLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestPath);
        options ??= new TfjsLoadOptions();
        string full = Path.GetFullPath(manifestPath);
        string folder = Path.GetDirectoryName(full)!;
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new TfjsFormatException($"{full}: not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("weightsManifest", out var wm)) root = wm;
            if (root.ValueKind != JsonValueKind.Array)
                throw new TfjsFormatException($"{full}: expected a JSON array of weight groups (or an object with 'weightsManifest').");
            var groups = new List<TfjsWeightGroup>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            int shards = 0, weights = 0;
            long totalBytes = 0;
            foreach (var g in root.EnumerateArray())
            {
                string where = $"{full}: group {groups.Count}";
                if (g.ValueKind != JsonValueKind.Object) throw new TfjsFormatException($"{where}: expected an object with 'paths' and 'weights'.");
                var paths = ReadPaths(g, where, folder, out var files);
                shards += paths.Count;
                if (shards > options.MaxShards) throw new TfjsFormatException($"{full}: more than {options.MaxShards} shard files.");
                if (!g.TryGetProperty("weights", out var ws) || ws.ValueKind != JsonValueKind.Array)
                    throw new TfjsFormatException($"{where}: 'weights' must be an array.");
                var specs = new List<TfjsWeightSpec>();
                long offset = 0;
                foreach (var w in ws.EnumerateArray())
                {
                    if (++weights > options.MaxWeights) throw new TfjsFormatException($"{full}: more than {options.MaxWeights} weights.");
                    var spec = ReadWeight(w, $"{where}, weight {specs.Count}", offset);
                    if (!names.Add(spec.Name)) throw new TfjsFormatException($"{full}: weight name '{spec.Name}' appears twice.");
                    offset = checked(offset + spec.ByteLength);
                    totalBytes = checked(totalBytes + spec.ByteLength);
                    if (totalBytes > options.MaxTotalBytes)
                        throw new TfjsFormatException($"{full}: weight '{spec.Name}' takes the total past the {options.MaxTotalBytes}-byte cap.");
                    specs.Add(spec);
                }
                groups.Add(new TfjsWeightGroup(paths, files, specs));
            }
            return new TfjsManifest(full, groups);
        }
    }

    private static List<string> ReadPaths(JsonElement g, string where, string folder, out List<string> files)
    {
        if (!g.TryGetProperty("paths", out var ps) || ps.ValueKind != JsonValueKind.Array)
            throw new TfjsFormatException($"{where}: 'paths' must be an array of shard file names.");
        var paths = new List<string>();
        files = [];
        foreach (var p in ps.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.String) throw new TfjsFormatException($"{where}: shard path {paths.Count} is not a string.");
            string path = p.GetString()!;
            files.Add(ResolveShard(path, folder, where));
            paths.Add(path);
        }
        return paths;
    }

    // A shard path must be relative and stay inside the manifest's folder ('\' counts as a separator too).
    private static string ResolveShard(string path, string folder, string where)
    {
        string shown = path.Length > 200 ? path[..200] + "..." : path;
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
            throw new TfjsFormatException($"{where}: shard path '{shown}' is empty or has a NUL character.");
        string normal = path.Replace('\\', '/');
        if (normal.StartsWith('/') || Path.IsPathRooted(normal) || normal.Contains(':'))
            throw new TfjsFormatException($"{where}: shard path '{shown}' is absolute or has a scheme or drive; only paths relative to the manifest's folder are allowed.");
        if (normal.Split('/').Any(s => s == ".."))
            throw new TfjsFormatException($"{where}: shard path '{shown}' escapes the manifest's folder ('..').");
        string resolved = Path.GetFullPath(Path.Combine(folder, normal));
        string root = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        if (!resolved.StartsWith(root, StringComparison.Ordinal))
            throw new TfjsFormatException($"{where}: shard path '{shown}' resolves outside the manifest's folder.");
        return resolved;
    }

    private static TfjsWeightSpec ReadWeight(JsonElement w, string where, long offset)
    {
        if (w.ValueKind != JsonValueKind.Object) throw new TfjsFormatException($"{where}: expected an object with name, shape and dtype.");
        if (!w.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(n.GetString()))
            throw new TfjsFormatException($"{where}: 'name' must be a non-empty string.");
        string name = n.GetString()!;
        where = $"{where} '{name}'";
        if (!w.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array || s.GetArrayLength() > 8)
            throw new TfjsFormatException($"{where}: 'shape' must be an array of at most 8 dimensions.");
        var shape = new int[s.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (var d in s.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int dim) || dim < 0)
                throw new TfjsFormatException($"{where}: shape dimension {i} is not a non-negative integer.");
            shape[i++] = dim;
            count *= dim;
            if (count > int.MaxValue) throw new TfjsFormatException($"{where}: shape has more than {int.MaxValue} elements.");
        }
        if (!w.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String || !DTypes.Contains(dt.GetString()))
            throw new TfjsFormatException($"{where}: 'dtype' must be one of {string.Join(", ", DTypes)}.");
        string dtype = dt.GetString()!;
        TfjsQuantization? quantization = null;
        if (w.TryGetProperty("quantization", out var q) && q.ValueKind != JsonValueKind.Null)
            quantization = ReadQuantization(q, where, dtype);
        return new TfjsWeightSpec(name, shape, dtype, quantization, (int)count, offset);
    }

    private static TfjsQuantization ReadQuantization(JsonElement q, string where, string dtype)
    {
        if (q.ValueKind != JsonValueKind.Object || !q.TryGetProperty("dtype", out var qd) || qd.ValueKind != JsonValueKind.String || !QuantDTypes.Contains(qd.GetString()))
            throw new TfjsFormatException($"{where}: 'quantization.dtype' must be one of {string.Join(", ", QuantDTypes)}.");
        string qdtype = qd.GetString()!;
        if (dtype == "bool") throw new TfjsFormatException($"{where}: bool weights cannot be quantised.");
        if (qdtype == "float16")
        {
            if (dtype != "float32") throw new TfjsFormatException($"{where}: float16 quantisation applies to float32 weights only, not {dtype}.");
            return new TfjsQuantization(qdtype, 1, 0);
        }
        if (!TryFinite(q, "scale", out double scale) || !TryFinite(q, "min", out double min))
            throw new TfjsFormatException($"{where}: {qdtype} quantisation needs finite numbers 'scale' and 'min'.");
        return new TfjsQuantization(qdtype, scale, min);
    }

    private static bool TryFinite(JsonElement e, string property, out double value)
    {
        value = 0;
        return e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out value) && double.IsFinite(value);
    }
}
