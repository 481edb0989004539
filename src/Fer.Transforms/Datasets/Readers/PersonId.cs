namespace Fer.Transforms.Datasets;

/// <summary>Person ids from file names, for person-wise splits.</summary>
public static class PersonId
{
    /// <summary>
    /// The person in an LFW-style file name: the name without its extension and its trailing
    /// "_&lt;digits&gt;" image number ("Aaron_Eckhart_0001.jpg" → "Aaron_Eckhart", "Dileep_14.jpg" →
    /// "Dileep"). A name without such a number is its own person (the whole stem).
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static string FromFileName(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        string stem = Path.GetFileNameWithoutExtension(Path.GetFileName(fileName.Replace('\\', '/')));
        int underscore = stem.LastIndexOf('_');
        if (underscore <= 0 || underscore == stem.Length - 1) return stem;
        for (int i = underscore + 1; i < stem.Length; i++)
            if (!char.IsAsciiDigit(stem[i])) return stem;
        return stem[..underscore];
    }
}
