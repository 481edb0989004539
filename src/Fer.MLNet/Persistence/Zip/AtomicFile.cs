namespace Fer.MLNet.Persistence.Zip;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one, never a partial
/// model: the bytes go to a temporary file in the same folder, are flushed to disk, and the
/// temporary file is then renamed over the target (a same-volume rename replaces it in one step).
/// On failure the temporary file is deleted and the target is left as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        byte[] copy = content.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Calls <paramref name="write"/> with a stream on a temporary file beside <paramref name="path"/>,
    /// then renames it to <paramref name="path"/>, replacing any existing file.
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="write">Writes the whole content; if it throws, nothing is replaced.</param>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{folder}' does not exist.");

        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: the original exception matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
