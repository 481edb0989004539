using Fer.Tensors;
using Fer.Tensors.Random;
using Fer.Trainers.Data;
using Fer.Trainers.FeatureExtractor;

namespace Fer.Trainers.Tests.FeatureExtractor;

/// <summary>
/// Small learnable image sets [N, 1, 48, 48]: "quadrant" sets mark class c with a bright square in
/// quadrant c; "stripe" sets draw horizontal, vertical or diagonal stripes. Both carry noise.
/// </summary>
internal static class SyntheticFaces
{
    internal const int Side = 48;

    internal static ImageTensorSet Quadrants(int count, ulong seed, bool probabilities = false)
    {
        var g = new Generator(seed);
        var images = new float[count * Side * Side];
        var labels = new int[count];
        var targets = probabilities ? new float[count * 4] : null;
        for (int i = 0; i < count; i++)
        {
            int c = i % 4;
            labels[i] = c;
            Span<float> img = images.AsSpan(i * Side * Side, Side * Side);
            for (int p = 0; p < img.Length; p++) img[p] = (float)(0.3 * g.NextNormal());
            int x0 = (c % 2) * 24 + 4, y0 = (c / 2) * 24 + 4;
            for (int y = y0; y < y0 + 16; y++) for (int x = x0; x < x0 + 16; x++) img[y * Side + x] += 1f;
            if (targets is not null) for (int k = 0; k < 4; k++) targets[i * 4 + k] = k == c ? 0.85f : 0.05f;
        }
        return new ImageTensorSet(images, 1, Side, Side, labels, targets, probabilities ? 4 : 0, classNames: ["q0", "q1", "q2", "q3"]);
    }

    internal static ImageTensorSet Stripes(int count, ulong seed)
    {
        var g = new Generator(seed);
        var images = new float[count * Side * Side];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            labels[i] = c;
            Span<float> img = images.AsSpan(i * Side * Side, Side * Side);
            int phase = g.NextInt(8);
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++)
                {
                    int v = c switch { 0 => y, 1 => x, _ => x + y } + phase;
                    img[y * Side + x] = (v / 4 % 2 == 0 ? 1f : 0f) + (float)(0.3 * g.NextNormal());
                }
        }
        return new ImageTensorSet(images, 1, Side, Side, labels, classNames: ["horizontal", "vertical", "diagonal"]);
    }

    /// <summary>
    /// A teacher that knows the quadrant rule: logits are 8 x the mean of each quadrant's centre, so it
    /// labels quadrant images correctly and spreads stripe images over the four classes.
    /// </summary>
    internal sealed class QuadrantTeacher : IDistillationTeacher
    {
        public int Calls;
        public int ClassCount => 4;

        public Tensor Logits(Tensor images)
        {
            Interlocked.Increment(ref Calls);
            float[] x = images.ToArray();
            int n = images.Size(0);
            var logits = new float[n * 4];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < 4; c++)
                {
                    int x0 = (c % 2) * 24 + 4, y0 = (c / 2) * 24 + 4;
                    double s = 0;
                    for (int y = y0; y < y0 + 16; y++) for (int xx = x0; xx < x0 + 16; xx++) s += x[i * Side * Side + y * Side + xx];
                    logits[i * 4 + c] = (float)(8 * s / 256);
                }
            return Tensor.Wrap(logits, n, 4);
        }
    }
}
