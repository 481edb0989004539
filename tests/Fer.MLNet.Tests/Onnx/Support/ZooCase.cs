using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Proto;
using Fer.Tensors;
using Fer.Tensors.Random;

namespace Fer.MLNet.Tests.Onnx.Support;

/// <summary>A small model built with <see cref="OnnxGraphBuilder"/> plus random float inputs, for the ONNX Runtime cross-check.</summary>
public sealed class ZooCase
{
    private ZooCase(string name, byte[] model, IReadOnlyList<(string Name, float[] Data, int[] Shape)> inputs)
    {
        Name = name;
        Model = model;
        Inputs = inputs;
    }

    public string Name { get; }

    public byte[] Model { get; }

    public IReadOnlyList<(string Name, float[] Data, int[] Shape)> Inputs { get; }

    public override string ToString() => Name;

    /// <summary>
    /// A graph with float inputs x0, x1, ... of the given shapes (values in [-2, 2), seeded by the
    /// name), whatever <paramref name="build"/> adds, and outputs named by it.
    /// </summary>
    public static ZooCase Build(string name, int opset, int[][] inputShapes, Func<OnnxGraphBuilder, string[], string[]> build)
    {
        var b = new OnnxGraphBuilder("zoo", opset);
        var gen = new Generator((ulong)StableHash(name));
        var inputs = new List<(string, float[], int[])>();
        var names = new string[inputShapes.Length];
        for (int i = 0; i < inputShapes.Length; i++)
        {
            names[i] = b.AddInput($"x{i}", inputShapes[i]);
            inputs.Add((names[i], Tensor.Uniform(gen, -2f, 2f, inputShapes[i]).ToArray(), inputShapes[i]));
        }
        foreach (string o in build(b, names)) b.AddOutput(o);
        return new ZooCase(name, b.ToBytes(), inputs);
    }

    /// <summary>One node of <paramref name="opType"/> applied to the inputs (and extra initializer names), output "y".</summary>
    public static ZooCase Op(string name, int opset, string opType, int[][] inputShapes, params AttributeProto[] attributes) =>
        Build(name, opset, inputShapes, (b, x) => [b.AddNode(opType, x, ["y"], null, attributes)]);

    /// <summary>Like <see cref="Op"/> with extra inputs made by <paramref name="extra"/> (initializers, "" for omitted ones).</summary>
    public static ZooCase OpWith(string name, int opset, string opType, int[][] inputShapes, Func<OnnxGraphBuilder, string[]> extra, params AttributeProto[] attributes) =>
        Build(name, opset, inputShapes, (b, x) => [b.AddNode(opType, [.. x, .. extra(b)], ["y"], null, attributes)]);

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = 17;
            foreach (char c in s) h = h * 31 + c;
            return h & 0x7fffffff;
        }
    }
}
