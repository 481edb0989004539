using System.Text.Encodings.Web;
using System.Text.Json;

namespace Fer.Tensors.Serialization;

public static partial class SafeTensorsFile
{
    /// <summary>
    /// Writes tensors to <paramref name="path"/> atomically (a temporary file in the same folder, then
    /// a rename), so a crash never leaves a partial file. Layout as the reference writer: tensors
    /// ordered by dtype alignment (largest first) then name, compact JSON header padded with spaces to
    /// a multiple of 8 bytes, data packed without gaps. F32 unless <paramref name="dtypes"/> says
    /// otherwise for a name.
    /// </summary>
    /// <param name="path">Destination; replaced if it exists.</param>
    /// <param name="tensors">Tensors by name (any shape; non-contiguous views are written in row-major order).</param>
    /// <param name="metadata">Written as "__metadata__" (keys sorted) when not null.</param>
    /// <param name="dtypes">Per-name storage type, e.g. I64 for "num_batches_tracked".</param>
    /// <exception cref="ArgumentException">A name is empty or "__metadata__", a tensor is null, a dtype names a missing tensor, or a value cannot be stored exactly in an integer or BOOL dtype (the message names the tensor and element).</exception>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, SafeTensorsDType>? dtypes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var plan = Prepare(tensors, metadata, dtypes);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkBytes))
            {
                WritePlan(stream, plan);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp)) File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes tensors to <paramref name="stream"/> (left open); see <see cref="Write(string, IReadOnlyDictionary{string, Tensor}, IReadOnlyDictionary{string, string}?, IReadOnlyDictionary{string, SafeTensorsDType}?)"/>.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, SafeTensorsDType>? dtypes = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WritePlan(stream, Prepare(tensors, metadata, dtypes));
    }

    /// <summary>The bytes of a safetensors file holding <paramref name="tensors"/>.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, SafeTensorsDType>? dtypes = null)
    {
        using var stream = new MemoryStream();
        Write(stream, tensors, metadata, dtypes);
        return stream.ToArray();
    }

    private sealed record WritePlanData(byte[] Header, List<(string Name, Tensor Tensor, SafeTensorsDType DType)> Items);

    private static WritePlanData Prepare(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata, IReadOnlyDictionary<string, SafeTensorsDType>? dtypes)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (dtypes is not null)
        {
            foreach (var (name, dtype) in dtypes)
            {
                if (!tensors.ContainsKey(name)) throw new ArgumentException($"A dtype is given for '{name}', which is not among the tensors.", nameof(dtypes));
                if (!Enum.IsDefined(dtype)) throw new ArgumentException($"Unknown dtype {dtype} for '{name}'.", nameof(dtypes));
            }
        }
        var items = new List<(string Name, Tensor Tensor, SafeTensorsDType DType)>(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("Tensor names must not be empty.", nameof(tensors));
            if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved and cannot name a tensor.", nameof(tensors));
            if (tensor is null) throw new ArgumentException($"Tensor '{name}' is null.", nameof(tensors));
            SafeTensorsDType dtype = dtypes is not null && dtypes.TryGetValue(name, out SafeTensorsDType d) ? d : SafeTensorsDType.F32;
            Tensor data = tensor.IsContiguous ? tensor : tensor.CloneData();
            int bad = SafeTensorsConvert.FirstUnrepresentable(dtype, data.AsReadOnlySpan());
            if (bad >= 0)
                throw new ArgumentException($"Tensor '{name}' element {bad} is {data.AsReadOnlySpan()[bad]}, which {SafeTensorsDTypes.Name(dtype)} cannot hold exactly.", nameof(tensors));
            items.Add((name, data, dtype));
        }
        // The reference writer's order: larger alignment first, then by name.
        items.Sort((a, b) => a.DType != b.DType ? b.DType.CompareTo(a.DType) : string.CompareOrdinal(a.Name, b.Name));

        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (value is null) throw new ArgumentException($"Metadata value of '{key}' is null.", nameof(metadata));
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor, dtype) in items)
            {
                long bytes = (long)tensor.ElementCount * SafeTensorsDTypes.Size(dtype);
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafeTensorsDTypes.Name(dtype));
                writer.WriteStartArray("shape");
                foreach (int s in tensor.Shape) writer.WriteNumberValue(s);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes;
            }
            writer.WriteEndObject();
        }
        int padding = (int)((8 - json.Length % 8) % 8);
        for (int i = 0; i < padding; i++) json.WriteByte((byte)' ');
        return new WritePlanData(json.ToArray(), items);
    }

    private static void WritePlan(Stream stream, WritePlanData plan)
    {
        Span<byte> prefix = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)plan.Header.Length);
        stream.Write(prefix);
        stream.Write(plan.Header);
        byte[]? chunk = null;
        foreach (var (_, tensor, dtype) in plan.Items)
        {
            ReadOnlySpan<float> values = tensor.AsReadOnlySpan();
            if (dtype == SafeTensorsDType.F32 && BitConverter.IsLittleEndian)
            {
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
                continue;
            }
            int size = SafeTensorsDTypes.Size(dtype);
            chunk ??= new byte[ChunkBytes];
            int perChunk = ChunkBytes / size;
            for (int start = 0; start < values.Length; start += perChunk)
            {
                int count = Math.Min(perChunk, values.Length - start);
                SafeTensorsConvert.FromFloat(dtype, values.Slice(start, count), chunk);
                stream.Write(chunk, 0, count * size);
            }
        }
    }
}
