using System.Buffers.Binary;
using Fer.Tensors;

namespace Fer.Transforms.Weights;

/// <summary>
/// Loads TensorFlow.js weights: reads a manifest (<see cref="TfjsManifest"/>), checks each group's
/// shard sizes against the bytes its weights need before allocating, concatenates the shards in
/// order, and decodes each weight to float32: stored float32/int32/bool as is (little-endian),
/// uint8/uint16 codes as q * scale + min (rounded for int32), float16 halves widened.
/// </summary>
public static class TfjsWeightsLoader
{
    // int32 values above this magnitude do not survive conversion to float32 exactly.
    private const int MaxExactInt = 1 << 24;

    /// <summary>Loads every weight of the manifest at <paramref name="manifestPath"/>.</summary>
    /// <exception cref="TfjsFormatException">A malformed or unsafe manifest, a missing shard, shard bytes that do not match the weights, or an int32 value float32 cannot hold exactly.</exception>
    public static TfjsWeights Load(string manifestPath, TfjsLoadOptions? options = null)
    {
        var manifest = TfjsManifest.Load(manifestPath, options);
        return Load(manifest);
    }

    /// <summary>Loads every weight of an already parsed manifest.</summary>
    /// <exception cref="TfjsFormatException">A missing shard, shard bytes that do not match the weights, or an int32 value float32 cannot hold exactly.</exception>
    public static TfjsWeights Load(TfjsManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var result = new List<KeyValuePair<string, Tensor>>();
        for (int g = 0; g < manifest.Groups.Count; g++)
        {
            var group = manifest.Groups[g];
            byte[] bytes = ReadGroup(manifest, g, group);
            foreach (var spec in group.Weights)
                result.Add(KeyValuePair.Create(spec.Name, Decode(manifest, spec, bytes)));
        }
        return new TfjsWeights(manifest, result);
    }

    private static byte[] ReadGroup(TfjsManifest manifest, int g, TfjsWeightGroup group)
    {
        string where = $"{manifest.ManifestPath}: group {g}";
        long available = 0;
        var sizes = new long[group.Files.Count];
        for (int i = 0; i < sizes.Length; i++)
        {
            var info = new FileInfo(group.Files[i]);
            if (!info.Exists) throw new TfjsFormatException($"{where}: shard '{group.Paths[i]}' does not exist ({group.Files[i]}).");
            sizes[i] = info.Length;
            available += info.Length;
        }
        long needed = group.ByteLength;
        if (available < needed)
        {
            var first = group.Weights.First(w => w.ByteOffset + w.ByteLength > available);
            throw new TfjsFormatException($"{where}: weight '{first.Name}' needs bytes {first.ByteOffset}..{first.ByteOffset + first.ByteLength} but the shards ({string.Join(", ", group.Paths)}) hold only {available} bytes.");
        }
        if (available > needed)
            throw new TfjsFormatException($"{where}: the shards ({string.Join(", ", group.Paths)}) hold {available} bytes but the weights need {needed}; the manifest does not describe this data.");
        if (needed > Array.MaxLength)
            throw new TfjsFormatException($"{where}: the weights need {needed} bytes, more than one array can hold.");
        var bytes = new byte[needed];
        long offset = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            try
            {
                using var stream = new FileStream(group.Files[i], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                stream.ReadExactly(bytes, (int)offset, (int)sizes[i]);
                if (stream.ReadByte() >= 0) throw new IOException("the file grew while being read.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TfjsFormatException($"{where}: cannot read shard '{group.Paths[i]}': {e.Message}", e);
            }
            offset += sizes[i];
        }
        return bytes;
    }

    private static Tensor Decode(TfjsManifest manifest, TfjsWeightSpec spec, byte[] bytes)
    {
        var src = bytes.AsSpan((int)spec.ByteOffset, (int)spec.ByteLength);
        var data = new float[spec.ElementCount];
        bool isInt = spec.DType == "int32";
        if (spec.Quantization is { } q)
        {
            if (q.DType == "float16")
                for (int i = 0; i < data.Length; i++) data[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]));
            else
                for (int i = 0; i < data.Length; i++)
                {
                    int code = q.DType == "uint8" ? src[i] : BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]);
                    // As tfjs: computed in double, rounded half up for int32 weights.
                    double v = code * q.Scale + q.Min;
                    data[i] = isInt ? (float)CheckInt(manifest, spec, Math.Floor(v + 0.5)) : (float)v;
                }
        }
        else if (spec.DType == "float32")
            for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
        else if (isInt)
            for (int i = 0; i < data.Length; i++) data[i] = (float)CheckInt(manifest, spec, BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]));
        else
            for (int i = 0; i < data.Length; i++) data[i] = src[i] != 0 ? 1f : 0f;
        return Tensor.Wrap(data, [.. spec.Shape]);
    }

    private static double CheckInt(TfjsManifest manifest, TfjsWeightSpec spec, double v)
    {
        if (Math.Abs(v) > MaxExactInt)
            throw new TfjsFormatException($"{manifest.ManifestPath}: int32 weight '{spec.Name}' holds {v}, which float32 tensors cannot represent exactly (|v| <= {MaxExactInt}).");
        return v;
    }
}
