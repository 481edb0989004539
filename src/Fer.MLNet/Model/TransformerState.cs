using System.Text.Json.Nodes;
using Fer.Tensors;

namespace Fer.MLNet.Model;

/// <summary>
/// What a saved transformer consists of: its options (plain JSON), optional named weights, and
/// optionally an ONNX model kept byte for byte (<see cref="OnnxModel"/>).
/// </summary>
/// <param name="Options">Options as a JSON object.</param>
/// <param name="Weights">Named tensors, or null.</param>
public sealed record TransformerState(JsonObject Options, IReadOnlyDictionary<string, Tensor>? Weights = null)
{
    /// <summary>
    /// A serialised ONNX model the transformer runs (stored as the model zip's entry
    /// <c>transformer_NNN.onnx</c>), or null. The loader must validate it (e.g. with
    /// <see cref="Onnx.OnnxModel.Load(byte[], string?, Onnx.OnnxLoadOptions?)"/>).
    /// </summary>
    public ReadOnlyMemory<byte>? OnnxModel { get; init; }

    /// <summary>Reads a required option, naming it when absent or of the wrong type.</summary>
    /// <exception cref="FormatException">The option is missing or not a <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        if (Options[name] is not JsonNode node)
            throw new FormatException($"Option '{name}' is missing.");
        if (node is JsonValue value && value.TryGetValue(out T? result) && result is not null) return result;
        throw new FormatException($"Option '{name}' is not a {typeof(T).Name}: {node.ToJsonString()}.");
    }

    /// <summary>Reads an optional option.</summary>
    public T? GetOrDefault<T>(string name, T? fallback = default)
        => Options[name] is JsonNode n && n.GetValueKind() != System.Text.Json.JsonValueKind.Null ? Get<T>(name) : fallback;

    /// <summary>Reads an option holding an array of numbers.</summary>
    /// <exception cref="FormatException">The option is missing, not an array, or an element is not a number.</exception>
    public float[] GetFloats(string name) => GetArray<float>(name, "number");

    /// <summary>Reads an option holding an array of strings.</summary>
    /// <exception cref="FormatException">The option is missing, not an array, or an element is not a string.</exception>
    public string[] GetStrings(string name) => GetArray<string>(name, "string");

    private T[] GetArray<T>(string name, string what)
    {
        if (Options[name] is not JsonArray a) throw new FormatException($"Option '{name}' is missing or not an array.");
        var values = new T[a.Count];
        for (int i = 0; i < values.Length; i++)
        {
            // TryGetValue refuses other kinds (a string where a number belongs) instead of throwing.
            if (a[i] is not JsonValue v || !v.TryGetValue(out T? value) || value is null)
                throw new FormatException($"Option '{name}' element {i} is not a {what}: {a[i]?.ToJsonString() ?? "null"}.");
            values[i] = value;
        }
        return values;
    }

    /// <summary>A required weight tensor, with its shape checked when <paramref name="shape"/> is given.</summary>
    /// <exception cref="FormatException">The weight is missing or has another shape.</exception>
    public Tensor GetWeight(string name, params int[]? shape)
    {
        if (Weights is null || !Weights.TryGetValue(name, out Tensor? t))
            throw new FormatException($"Weight '{name}' is missing.");
        if (shape is { Length: > 0 } && !t.Shape.SequenceEqual(shape))
            throw new FormatException($"Weight '{name}' has shape {Tensor.FormatShape(t.Shape)}; expected {Tensor.FormatShape(shape)}.");
        return t;
    }
}
