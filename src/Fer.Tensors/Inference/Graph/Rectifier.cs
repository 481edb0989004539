namespace Fer.Tensors.Inference.Graph;

/// <summary>x &lt; 0 ? slope * x : x with one slope (ReLU: 0, leaky ReLU) or one per channel (PReLU).</summary>
internal sealed record Rectifier(float Slope, float[]? Slopes)
{
    public static Rectifier Relu { get; } = new(0f, null);

    /// <summary>Whether it never decreases (so it commutes with max pooling).</summary>
    public bool IsMonotone => Slopes is null ? Slope >= 0 : Slopes.All(s => s >= 0);

    public bool IsRelu => Slopes is null && Slope == 0f;
}
