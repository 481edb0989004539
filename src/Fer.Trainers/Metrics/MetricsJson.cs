using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fer.Trainers.Metrics;

/// <summary>The JSON settings of every metrics result: camelCase names, enums as names, NaN and infinities as "NaN"/"Infinity" strings.</summary>
internal static class MetricsJson
{
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static string Serialize<T>(T value, bool indented) => JsonSerializer.Serialize(value, indented ? Indented : Compact);

    public static T Deserialize<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<T>(json, Compact) ?? throw new JsonException($"The JSON holds null, not {typeof(T).Name}.");
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
