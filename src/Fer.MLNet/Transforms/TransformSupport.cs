using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Transforms;

/// <summary>Shared pieces of the transforms in this folder: reading saved options, checking image values.</summary>
internal static class TransformSupport
{
    /// <summary>A required enum option saved by name; unknown names are refused (no numeric values).</summary>
    /// <exception cref="FormatException">The option is missing or not a name of <typeparamref name="TEnum"/>.</exception>
    internal static TEnum GetEnum<TEnum>(this TransformerState state, string name)
        where TEnum : struct, Enum
    {
        string text = state.Get<string>(name);
        if (!Enum.GetNames<TEnum>().Contains(text, StringComparer.Ordinal))
            throw new FormatException($"Option '{name}' is '{text}'; expected one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        return Enum.Parse<TEnum>(text);
    }

    /// <summary>A JSON array of floats.</summary>
    internal static JsonArray ToJson(IEnumerable<float> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    /// <summary>A JSON array of strings.</summary>
    internal static JsonArray ToJson(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];

    /// <summary>The image named <paramref name="column"/> of a row, or a clear error when the value is missing.</summary>
    /// <exception cref="InvalidOperationException">The value is null or not an image.</exception>
    internal static Image RequireImage(object? value, string transform, string column)
        => value as Image ?? throw new InvalidOperationException($"{transform}: column '{column}' holds {(value is null ? "no image (null)" : value.GetType().Name)}; expected an image.");

    /// <summary>Accepts any image column.</summary>
    internal static bool IsImage(DataViewType type) => type is ImageDataViewType;
}
