using System.Globalization;
using Fer.MLNet.Data;

namespace Fer.MLNet.Model;

/// <summary>Column types written as text in model manifests ("String", "Int32", "Vector&lt;Single, 3, 48, 48&gt;", "Image").</summary>
internal static class DataViewTypeNames
{
    internal static string Format(DataViewType type) => type switch
    {
        ImageDataViewType i when i.Width > 0 => $"Image<{i.Width}, {i.Height}>",
        _ => type.ToString() ?? throw new InvalidOperationException("A column type has no name."),
    };

    internal static DataViewType Parse(string text)
    {
        switch (text)
        {
            case "String": return TextDataViewType.Instance;
            case "Single": return NumberDataViewType.Single;
            case "Int32": return NumberDataViewType.Int32;
            case "Boolean": return BooleanDataViewType.Instance;
            case "Image": return new ImageDataViewType();
            case "Vector<Single>": return new VectorDataViewType();
        }
        if (text.StartsWith("Vector<Single, ", StringComparison.Ordinal) && text.EndsWith('>'))
            return new VectorDataViewType(Numbers(text["Vector<Single, ".Length..^1]));
        if (text.StartsWith("Image<", StringComparison.Ordinal) && text.EndsWith('>'))
        {
            int[] wh = Numbers(text["Image<".Length..^1]);
            if (wh.Length == 2) return new ImageDataViewType(wh[0], wh[1]);
        }
        throw new FormatException($"Unknown column type '{text}'.");
    }

    private static int[] Numbers(string list)
        => list.Split(',').Select(s => int.Parse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
}
