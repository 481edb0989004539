namespace Fer.MLNet.Persistence.Zip;

/// <summary>
/// Checks and normalises archive entry names: '\' and '/' both separate folders (zips written on
/// Windows use '\'); the result uses '/'. Names that could escape a folder when joined to a path
/// are refused: absolute names, drive letters or any ':', '..' or '.' segments, empty segments,
/// NUL and other control characters.
/// </summary>
internal static class ZipEntryNames
{
    /// <summary>Longest name accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// Normalises <paramref name="raw"/>, or returns false with the reason in <paramref name="problem"/>.
    /// A folder entry keeps its trailing '/'.
    /// </summary>
    public static bool TryNormalize(string raw, out string normalized, out string problem)
    {
        normalized = "";
        if (raw.Length == 0) { problem = "the entry name is empty"; return false; }
        if (raw.Length > MaxLength) { problem = $"the entry name is {raw.Length} characters long (at most {MaxLength})"; return false; }
        foreach (char c in raw)
        {
            if (c == '\0') { problem = "the entry name contains a NUL character"; return false; }
            if (c < 0x20 || c == 0x7F) { problem = $"the entry name contains the control character U+{(int)c:X4}"; return false; }
            if (c == ':') { problem = "the entry name contains ':' (a drive letter or stream name)"; return false; }
        }

        string name = raw.Replace('\\', '/');
        if (name[0] == '/') { problem = "the entry name is absolute (starts with a separator)"; return false; }

        bool isFolder = name[^1] == '/';
        string body = isFolder ? name[..^1] : name;
        if (body.Length == 0) { problem = "the entry name has no file or folder part"; return false; }
        foreach (string segment in body.Split('/'))
        {
            if (segment.Length == 0) { problem = "the entry name has an empty path segment ('//')"; return false; }
            if (segment == "..") { problem = "the entry name has a '..' segment (it would escape its folder)"; return false; }
            if (segment == ".") { problem = "the entry name has a '.' segment"; return false; }
        }

        normalized = name;
        problem = "";
        return true;
    }
}
