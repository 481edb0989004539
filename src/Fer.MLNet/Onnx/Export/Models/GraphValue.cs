using System.Globalization;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// A float tensor value of a graph being exported: its name in the graph and its shape, where -1
/// stands for the batch dimension N (the only dimension not known at export time).
/// </summary>
/// <param name="Name">The value's name in the graph.</param>
/// <param name="Shape">The dimensions; -1 for the batch.</param>
public sealed record GraphValue(string Name, int[] Shape)
{
    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The shape as text, the batch shown as N: "[N, 3, 48, 48]".</summary>
    public string DescribeShape() => Describe(Shape);

    /// <summary>Formats <paramref name="shape"/> with -1 shown as N.</summary>
    public static string Describe(IEnumerable<int> shape) =>
        "[" + string.Join(", ", shape.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <inheritdoc />
    public override string ToString() => $"{Name} {DescribeShape()}";
}
