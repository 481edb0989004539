using System.Text.Json;
using System.Text.Unicode;

namespace Fer.Tensors.Serialization;

/// <summary>
/// A parsed and validated safetensors header: entries sorted by data offset, contiguous from 0, each
/// with a byte size equal to its element count times its dtype size. Nothing is allocated per tensor.
/// </summary>
internal sealed class SafeTensorsHeader
{
    private SafeTensorsHeader(List<Entry> entries, Dictionary<string, string> metadata, long dataLength)
    {
        Entries = entries;
        Metadata = metadata;
        DataLength = dataLength;
    }

    internal readonly record struct Entry(string Name, SafeTensorsDType DType, int[] Shape, int ElementCount, long Begin, long End);

    /// <summary>Tensors in data order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    public Dictionary<string, string> Metadata { get; }

    /// <summary>Bytes of tensor data the header describes (the end of the last tensor).</summary>
    public long DataLength { get; }

    /// <summary>Parses <paramref name="header"/>; <paramref name="dataLength"/> is the number of bytes after it when known.</summary>
    /// <exception cref="SafeTensorsFormatException">Any violation of the format; the message names the tensor and field.</exception>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> header, string source, long? dataLength, long maxDataBytes)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw new SafeTensorsFormatException(source, null, "header", "the JSON header must start with '{'.");
        if (!Utf8.IsValid(header))
            throw new SafeTensorsFormatException(source, null, "header", "the header is not valid UTF-8.");

        var raw = new List<(string Name, string DType, ulong[] Shape, ulong Begin, ulong End)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            ParseJson(header, source, raw, metadata);
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(source, null, "header", $"the header is not valid JSON ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString on an escape that is not valid UTF-16 (a lone surrogate).
            throw new SafeTensorsFormatException(source, null, "header", $"the header holds an invalid string ({e.Message})", e);
        }

        var entries = new List<Entry>(raw.Count);
        foreach (var (name, dtypeName, dims, begin, end) in raw)
        {
            if (!SafeTensorsDTypes.TryParse(dtypeName, out SafeTensorsDType dtype))
            {
                string why = dtypeName.StartsWith("F8_", StringComparison.Ordinal) ? "is not supported" : "is unknown";
                throw new SafeTensorsFormatException(source, name, "dtype", $"'{dtypeName}' {why} (expected one of {SafeTensorsDTypes.Known}).");
            }
            var shape = new int[dims.Length];
            ulong count = 1;
            for (int d = 0; d < dims.Length; d++)
            {
                if (dims[d] > int.MaxValue)
                    throw new SafeTensorsFormatException(source, name, "shape", $"dimension {d} is {dims[d]}; at most {int.MaxValue} is supported.");
                shape[d] = (int)dims[d];
                if (count != 0 && dims[d] > ulong.MaxValue / count)
                    throw new SafeTensorsFormatException(source, name, "shape", $"the product of shape {FormatShape(dims)} overflows.");
                count *= dims[d];
            }
            if (count > int.MaxValue)
                throw new SafeTensorsFormatException(source, name, "shape", $"shape {FormatShape(dims)} has {count} elements; at most {int.MaxValue} are supported.");
            if (end < begin)
                throw new SafeTensorsFormatException(source, name, "data_offsets", $"[{begin}, {end}] ends before it begins.");
            ulong bytes = count * (ulong)SafeTensorsDTypes.Size(dtype);
            if (end - begin != bytes)
                throw new SafeTensorsFormatException(source, name, "data_offsets",
                    $"[{begin}, {end}] spans {end - begin} bytes but shape {FormatShape(dims)} of {dtypeName} needs {bytes}.");
            if (end > long.MaxValue)
                throw new SafeTensorsFormatException(source, name, "data_offsets", $"[{begin}, {end}] is beyond any file.");
            entries.Add(new Entry(name, dtype, shape, (int)count, (long)begin, (long)end));
        }

        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        string? previous = null;
        foreach (Entry e in entries)
        {
            if (e.Begin > expected)
                throw new SafeTensorsFormatException(source, e.Name, "data_offsets",
                    $"[{e.Begin}, {e.End}] leaves a gap: the data before it ends at {expected}{(previous is null ? "" : $" (tensor '{previous}')")}.");
            if (e.Begin < expected)
                throw new SafeTensorsFormatException(source, e.Name, "data_offsets",
                    $"[{e.Begin}, {e.End}] overlaps tensor '{previous}', which ends at {expected}.");
            expected = e.End;
            previous = e.Name;
        }
        if (dataLength is { } available)
        {
            if (expected > available)
                throw new SafeTensorsFormatException(source, previous, "data_offsets", $"the data ends at byte {expected} but only {available} bytes follow the header.");
            if (expected < available)
                throw new SafeTensorsFormatException(source, null, "data", $"{available - expected} trailing bytes after the last tensor (tensors cover {expected} of {available} bytes).");
        }
        if (expected > maxDataBytes)
            throw new SafeTensorsFormatException(source, null, "data", $"the tensors need {expected} bytes, more than the limit of {maxDataBytes}.");
        return new SafeTensorsHeader(entries, metadata, expected);
    }

    private static void ParseJson(ReadOnlySpan<byte> header, string source, List<(string, string, ulong[], ulong, ulong)> raw, Dictionary<string, string> metadata)
    {
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new SafeTensorsFormatException(source, null, "header", "the header is not a JSON object.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool sawMetadata = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name == "__metadata__")
            {
                if (sawMetadata) throw new SafeTensorsFormatException(source, null, "__metadata__", "appears twice.");
                sawMetadata = true;
                ParseMetadata(ref reader, source, metadata);
                continue;
            }
            if (!names.Add(name)) throw new SafeTensorsFormatException(source, name, null, "the name appears twice in the header.");
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new SafeTensorsFormatException(source, name, null, $"expected an object with dtype, shape and data_offsets, found {reader.TokenType}.");
            string? dtype = null;
            ulong[]? shape = null;
            ulong[]? offsets = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string field = reader.GetString()!;
                reader.Read();
                switch (field)
                {
                    case "dtype":
                        if (dtype is not null) throw new SafeTensorsFormatException(source, name, field, "appears twice.");
                        if (reader.TokenType != JsonTokenType.String) throw new SafeTensorsFormatException(source, name, field, $"expected a string, found {reader.TokenType}.");
                        dtype = reader.GetString()!;
                        break;
                    case "shape":
                        if (shape is not null) throw new SafeTensorsFormatException(source, name, field, "appears twice.");
                        shape = ReadIntegers(ref reader, source, name, field);
                        break;
                    case "data_offsets":
                        if (offsets is not null) throw new SafeTensorsFormatException(source, name, field, "appears twice.");
                        offsets = ReadIntegers(ref reader, source, name, field);
                        if (offsets.Length != 2) throw new SafeTensorsFormatException(source, name, field, $"expected [begin, end], found {offsets.Length} values.");
                        break;
                    default:
                        reader.Skip(); // unknown fields are ignored, as by the reference loader
                        break;
                }
            }
            if (dtype is null) throw new SafeTensorsFormatException(source, name, "dtype", "is missing.");
            if (shape is null) throw new SafeTensorsFormatException(source, name, "shape", "is missing.");
            if (offsets is null) throw new SafeTensorsFormatException(source, name, "data_offsets", "is missing.");
            raw.Add((name, dtype, shape, offsets[0], offsets[1]));
        }
        // Only whitespace may follow (writers pad the header with spaces); anything else throws JsonException.
        if (reader.Read()) throw new SafeTensorsFormatException(source, null, "header", "unexpected content after the JSON object.");
    }

    private static void ParseMetadata(ref Utf8JsonReader reader, string source, Dictionary<string, string> metadata)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new SafeTensorsFormatException(source, null, "__metadata__", $"expected an object of strings, found {reader.TokenType}.");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
                throw new SafeTensorsFormatException(source, null, "__metadata__", $"value of '{key}' must be a string, found {reader.TokenType}.");
            if (!metadata.TryAdd(key, reader.GetString()!))
                throw new SafeTensorsFormatException(source, null, "__metadata__", $"key '{key}' appears twice.");
        }
    }

    private static ulong[] ReadIntegers(ref Utf8JsonReader reader, string source, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new SafeTensorsFormatException(source, name, field, $"expected an array of integers, found {reader.TokenType}.");
        var values = new List<ulong>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
                throw new SafeTensorsFormatException(source, name, field, $"expected an integer, found {reader.TokenType}.");
            if (!reader.TryGetUInt64(out ulong v))
            {
                string text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                string why = text.StartsWith('-') ? "is negative" : "is not a non-negative integer";
                throw new SafeTensorsFormatException(source, name, field, $"value {text} {why}.");
            }
            if (values.Count == 64) throw new SafeTensorsFormatException(source, name, field, "has more than 64 values.");
            values.Add(v);
        }
        return [.. values];
    }

    private static string FormatShape(ulong[] dims) => "[" + string.Join(", ", dims) + "]";
}
