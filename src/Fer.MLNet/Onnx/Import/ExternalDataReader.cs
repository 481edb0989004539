using System.Globalization;
using Fer.MLNet.Onnx.Proto;

namespace Fer.MLNet.Onnx.Import;

/// <summary>
/// Reads a tensor's bytes from an external file (TensorProto.data_location = EXTERNAL) when the
/// load options allow it. The location must be a relative path that stays inside the model's
/// folder, with no ".." segment, no drive or stream syntax and no symbolic link on the way; offset
/// and length must lie inside the file, and the length must equal what the tensor's shape needs.
/// </summary>
internal static class ExternalDataReader
{
    public static ReadOnlyMemory<byte> Read(TensorProto tensor, string what, long expectedBytes, OnnxLoadOptions options, string? modelFolder, Func<string, OnnxFormatException> fail)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (StringStringEntryProto e in tensor.ExternalData)
        {
            switch (e.Key)
            {
                case "location": location = e.Value; break;
                case "offset": offset = ParseNumber(e.Value, "offset", what, fail); break;
                case "length": length = ParseNumber(e.Value, "length", what, fail); break;
                case "checksum": break;
                default: throw fail($"{what} has unknown external_data key '{e.Key}' (expected location, offset, length, checksum).");
            }
        }
        if (string.IsNullOrEmpty(location)) throw fail($"{what} is stored externally but has no 'location'.");
        if (!options.AllowExternalData)
            throw fail($"{what} keeps its data in the external file '{location}'; external data is disabled (set OnnxLoadOptions.AllowExternalData to read files beside the model).");
        if (modelFolder is null)
            throw fail($"{what} keeps its data in the external file '{location}', but the model was loaded from bytes, so there is no folder to read it from.");

        string full = Resolve(location, modelFolder, what, fail);
        var info = new FileInfo(full);
        if (!info.Exists) throw fail($"{what}: external data file '{location}' does not exist in '{modelFolder}'.");
        long len = length ?? info.Length - offset;
        if (len != expectedBytes) throw fail($"{what}: external data length is {len} bytes, but its dims need {expectedBytes}.");
        if (offset > info.Length || len > info.Length - offset)
            throw fail($"{what}: external range [offset {offset}, length {len}] lies outside '{location}' ({info.Length} bytes).");
        var bytes = new byte[len];
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        stream.Seek(offset, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string Resolve(string location, string modelFolder, string what, Func<string, OnnxFormatException> fail)
    {
        if (Path.IsPathRooted(location) || location.Contains(':', StringComparison.Ordinal) || location.StartsWith('\\') || location.Contains('\0', StringComparison.Ordinal))
            throw fail($"{what}: external data location '{location}' must be a relative path inside the model's folder.");
        string[] parts = location.Split('/', '\\');
        if (parts.Any(p => p == ".." || p.Length == 0))
            throw fail($"{what}: external data location '{location}' must not contain '..' or empty segments.");
        string root = Path.GetFullPath(modelFolder);
        string full = Path.GetFullPath(Path.Combine(root, Path.Combine(parts)));
        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw fail($"{what}: external data location '{location}' escapes the model's folder.");
        // No link anywhere between the folder and the file: a link could point outside it.
        string current = root;
        foreach (string part in parts)
        {
            current = Path.Combine(current, part);
            var fi = new FileInfo(current);
            if (fi.Exists || Directory.Exists(current))
            {
                FileSystemInfo entry = fi.Exists ? fi : new DirectoryInfo(current);
                if (entry.LinkTarget is not null) throw fail($"{what}: external data location '{location}' goes through a symbolic link, which is not allowed.");
            }
        }
        return full;
    }

    private static long ParseNumber(string text, string key, string what, Func<string, OnnxFormatException> fail)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
            throw fail($"{what}: external data '{key}' is '{text}', expected a non-negative integer.");
        return v;
    }
}
