namespace ExpressionService;

/// <summary>A /classify answer.</summary>
public sealed record ClassifyResponse(string Expression, IReadOnlyDictionary<string, float> Probabilities);
