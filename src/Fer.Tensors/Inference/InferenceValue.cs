namespace Fer.Tensors.Inference;

/// <summary>
/// A value of an <see cref="InferenceGraph"/>: a batch of feature maps [N, Channels, Height, Width], or
/// of flat feature vectors [N, Channels] (<see cref="IsFlat"/>). The batch size N is left open until
/// the plan runs.
/// </summary>
public readonly record struct InferenceValue
{
    internal InferenceValue(InferenceGraph graph, int id, int channels, int height, int width, bool isFlat)
    {
        Graph = graph;
        Id = id;
        Channels = channels;
        Height = height;
        Width = width;
        IsFlat = isFlat;
    }

    internal InferenceGraph Graph { get; }

    internal int Id { get; }

    /// <summary>Channels of a map, or the length of a flat vector.</summary>
    public int Channels { get; }

    /// <summary>Height of a map (1 when flat).</summary>
    public int Height { get; }

    /// <summary>Width of a map (1 when flat).</summary>
    public int Width { get; }

    /// <summary>True for flat vectors [N, Channels], false for maps [N, Channels, Height, Width].</summary>
    public bool IsFlat { get; }

    /// <summary>The shape with N for the batch, e.g. [N, 64, 28, 28].</summary>
    public override string ToString() => IsFlat ? $"[N, {Channels}]" : $"[N, {Channels}, {Height}, {Width}]";
}
