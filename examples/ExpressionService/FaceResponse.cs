namespace ExpressionService;

/// <summary>One face in a /faces answer.</summary>
public sealed record FaceResponse(int Face, float X, float Y, float Width, float Height, float DetectorScore, string Expression, float Probability);
