using System.Text.Json;
using Fer.Testing;

namespace Fer.MLNet.Tests.Onnx.Support;

/// <summary>The committed PyTorch-exported models (tools/onnx/make_torch_models.py) and their reference tensors.</summary>
public static class TorchModels
{
    public static string Folder { get; } = Path.Combine(SharedData.RepositoryRoot, "tests", "Fer.MLNet.Tests", "Onnx", "Models");

    public sealed record Tensor(string Name, int[] Shape, float[] Data);

    public sealed record Model(string Name, string Path, int Opset, IReadOnlyList<Tensor> Inputs, IReadOnlyList<Tensor> Outputs);

    public static IEnumerable<object[]> Names() => Load().Select(m => new object[] { m.Name });

    public static Model Get(string name) => Load().Single(m => m.Name == name);

    public static IReadOnlyList<Model> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Folder, "models.json")));
        var models = new List<Model>();
        foreach (JsonElement m in doc.RootElement.GetProperty("models").EnumerateArray())
        {
            models.Add(new Model(
                m.GetProperty("name").GetString()!,
                System.IO.Path.Combine(Folder, m.GetProperty("file").GetString()!),
                m.GetProperty("opset").GetInt32(),
                Tensors(m.GetProperty("inputs")),
                Tensors(m.GetProperty("outputs"))));
        }
        return models;
    }

    private static List<Tensor> Tensors(JsonElement list) => list.EnumerateArray().Select(t => new Tensor(
        t.GetProperty("name").GetString()!,
        t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
        OrtNode.ReadFloats(System.IO.Path.Combine(Folder, t.GetProperty("file").GetString()!)))).ToList();
}
