using Fer.MLNet.Persistence.Zip;

namespace Fer.MLNet.Tests.Interop;

/// <summary>Rewrites a zip with some entries replaced, added or removed (to make tampered model files).</summary>
internal static class ZipEntries
{
    public static Dictionary<string, byte[]> Read(byte[] zip)
    {
        SafeZipArchive archive = SafeZipReader.Read(zip, "zip");
        return archive.EntryNames.ToDictionary(n => n, n => archive.GetEntry(n).ToArray(), StringComparer.Ordinal);
    }

    public static byte[] Write(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        var writer = new DeterministicZipWriter();
        foreach (var (name, bytes) in entries) writer.Add(name, bytes);
        return writer.ToArray();
    }

    public static byte[] Replace(byte[] zip, string name, Func<byte[], byte[]?> change)
    {
        var entries = Read(zip);
        if (change(entries.TryGetValue(name, out byte[]? old) ? old : []) is { } updated) entries[name] = updated;
        else entries.Remove(name);
        return Write(entries);
    }
}
