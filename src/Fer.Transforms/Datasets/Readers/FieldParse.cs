using System.Globalization;

namespace Fer.Transforms.Datasets;

/// <summary>Number parsing for dataset fields: invariant culture, surrounding space ignored, finite values only.</summary>
internal static class FieldParse
{
    public static bool TryInt(string s, out int value) =>
        int.TryParse(s.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryFloat(ReadOnlySpan<char> s, out float value) =>
        float.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    public static bool TryFloat(string s, out float value) => TryFloat(s.AsSpan(), out value);

    /// <summary>Parses "(x, y, w, h)" (parentheses optional) into a box with non-negative origin and positive size.</summary>
    public static bool TryBox(string s, out FaceBox box)
    {
        box = default;
        var t = s.AsSpan().Trim();
        if (t.Length >= 2 && t[0] == '(' && t[^1] == ')') t = t[1..^1];
        Span<int> v = stackalloc int[4];
        int n = 0;
        foreach (var range in t.Split(','))
        {
            if (n == 4 || !int.TryParse(t[range].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out v[n])) return false;
            n++;
        }
        if (n != 4 || v[2] <= 0 || v[3] <= 0) return false;
        box = new FaceBox(v[0], v[1], v[2], v[3]);
        return true;
    }

    /// <summary>
    /// Whether a path taken from a label file stays inside its image folder: relative, no ".."
    /// segment, no drive or URL prefix. Both '/' and '\' count as separators.
    /// </summary>
    public static bool IsSafeRelativePath(string p)
    {
        if (string.IsNullOrWhiteSpace(p) || p.Contains('\0') || p.Contains(':')) return false;
        if (p[0] is '/' or '\\' || Path.IsPathRooted(p)) return false;
        foreach (string segment in p.Split('/', '\\'))
            if (segment == "..") return false;
        return true;
    }

    /// <summary>Joins a label-file path onto the image folder, '\' treated as '/'.</summary>
    public static string Resolve(string folder, string relative) =>
        Path.GetFullPath(Path.Combine(folder, relative.Trim().Replace('\\', '/')));
}
