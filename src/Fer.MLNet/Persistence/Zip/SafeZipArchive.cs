namespace Fer.MLNet.Persistence.Zip;

/// <summary>
/// A zip archive read fully into memory by <see cref="SafeZipReader"/>: every file entry checked
/// (name, sizes, CRC) and inflated. Names use '/' as separator; folder entries are not listed.
/// Lookups are ordinal and accept '\' separators too.
/// </summary>
public sealed class SafeZipArchive
{
    private readonly Dictionary<string, byte[]> _entries;

    internal SafeZipArchive(string sourceName, List<string> names, Dictionary<string, byte[]> entries)
    {
        SourceName = sourceName;
        EntryNames = names.AsReadOnly();
        _entries = entries;
    }

    /// <summary>The path or display name the archive was read from (used in error messages).</summary>
    public string SourceName { get; }

    /// <summary>The file entries' normalised names, in archive order.</summary>
    public IReadOnlyList<string> EntryNames { get; }

    /// <summary>The sum of the entries' sizes, in bytes.</summary>
    public long TotalBytes => _entries.Values.Sum(e => (long)e.Length);

    /// <summary>True when the archive holds the file entry <paramref name="name"/>.</summary>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _entries.ContainsKey(Normalize(name));
    }

    /// <summary>Looks up the file entry <paramref name="name"/> ('/' or '\' separators).</summary>
    /// <returns>True and the entry's bytes when present.</returns>
    public bool TryGetEntry(string name, out ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_entries.TryGetValue(Normalize(name), out byte[]? bytes))
        {
            content = bytes;
            return true;
        }
        content = default;
        return false;
    }

    /// <summary>Returns the bytes of the file entry <paramref name="name"/>.</summary>
    /// <exception cref="ModelFormatException">The archive has no such entry (the message names it and the archive).</exception>
    public ReadOnlyMemory<byte> GetEntry(string name)
    {
        if (TryGetEntry(name, out ReadOnlyMemory<byte> content)) return content;
        throw new ModelFormatException("the archive has no such entry.", SourceName, Normalize(name));
    }

    /// <summary>The names of the file entries under folder <paramref name="folder"/> (at any depth), in archive order.</summary>
    public IEnumerable<string> EntriesUnder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string prefix = Normalize(folder).TrimEnd('/') + "/";
        return EntryNames.Where(n => n.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static string Normalize(string name) => name.Replace('\\', '/');
}
