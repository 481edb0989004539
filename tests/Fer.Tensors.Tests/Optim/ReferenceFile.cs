using System.Text.Json;
using Fer.Testing;

namespace Fer.Tensors.Tests.Optim;

/// <summary>Reads the JSON references written by tools/make_*_reference.py (PyTorch 1.13) from Optim/Reference.</summary>
internal static class ReferenceFile
{
    public static JsonElement Load(string name)
    {
        string path = Path.Combine(SharedData.RepositoryRoot, "tests", "Fer.Tensors.Tests", "Optim", "Reference", name);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.Clone();
    }

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
}
