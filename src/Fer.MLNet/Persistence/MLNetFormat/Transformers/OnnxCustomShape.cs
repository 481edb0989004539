namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>A shape ML.NET's OnnxTransformer imposes on an ONNX input or output, overriding the graph's.</summary>
public sealed class OnnxCustomShape
{
    /// <summary>Creates the shape override.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public OnnxCustomShape(string name, IEnumerable<int> shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Shape = shape.ToArray();
    }

    /// <summary>The ONNX input or output name.</summary>
    public string Name { get; }

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}[{string.Join(", ", Shape)}]";
}
