using Fer.MLNet.Data;
using Fer.Tensors.Random;

namespace Fer.MLNet.Tests.Trainers.FeatureExtractor;

/// <summary>Featurized in-memory views (Pixels [1, 48, 48], Label with class names): bright-quadrant and stripe classes with noise.</summary>
internal static class PixelSets
{
    internal static InMemoryDataView Quadrants(int count, ulong seed) => View(count, seed, ["q0", "q1", "q2", "q3"], (c, x, y, _) =>
    {
        int x0 = (c % 2) * 24 + 4, y0 = (c / 2) * 24 + 4;
        return x >= x0 && x < x0 + 16 && y >= y0 && y < y0 + 16 ? 1f : 0f;
    });

    internal static InMemoryDataView Stripes(int count, ulong seed) => View(count, seed, ["horizontal", "vertical", "diagonal"],
        (c, x, y, phase) => (c switch { 0 => y, 1 => x, _ => x + y } + phase) / 4 % 2 == 0 ? 1f : 0f);

    private static InMemoryDataView View(int count, ulong seed, string[] classes, Func<int, int, int, int, float> pattern)
    {
        var g = new Generator(seed);
        var pixels = new object?[count];
        var labels = new object?[count];
        for (int i = 0; i < count; i++)
        {
            int c = i % classes.Length, phase = g.NextInt(8);
            var p = new float[48 * 48];
            for (int y = 0; y < 48; y++) for (int x = 0; x < 48; x++) p[y * 48 + x] = pattern(c, x, y, phase) + (float)(0.3 * g.NextNormal());
            pixels[i] = p;
            labels[i] = c;
        }
        var schema = new DataViewSchema.Builder()
            .AddColumn("Pixels", new VectorDataViewType(1, 48, 48))
            .AddColumn("Label", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = classes })
            .ToSchema();
        return new InMemoryDataView(schema, [pixels, labels]);
    }
}
