using Fer.Tensors;
using Fer.Tensors.Random;
using Fer.Trainers.GcnMultitask;

namespace Fer.Trainers.Tests.GcnMultitask;

/// <summary>
/// The GCN head's forward against a plain double-precision reference, and its backward (through both
/// graph convolutions, the leaky ReLU, the dot products and the bias) against central finite
/// differences of that reference, for L = sum(out * R) with a fixed random R.
/// </summary>
public class GcnHeadGradientTests
{
    private const int Nodes = 5, NodeIn = 4, Hidden = 6, Feat = 3, Batch = 2;
    private const float Slope = 0.2f;

    [Fact]
    public void Forward_MatchesDoubleReference()
    {
        var (head, features, adjacency, _) = Setup();
        float[] actual = head.Forward(features).ToArray();
        double[] expected = Reference(adjacency, P(head, "node_embeddings"), P(head, "gc1.weight"), P(head, "gc2.weight"), P(head, "bias"), features.ToArray().Select(v => (double)v).ToArray());
        for (int i = 0; i < expected.Length; i++) actual[i].Should().BeApproximately((float)expected[i], 1e-5f, $"output {i}");
    }

    [Fact]
    public void Backward_MatchesFiniteDifferencesOfReference()
    {
        var (head, features, adjacency, r) = Setup();
        features.RequiresGrad = true;
        Tensor loss = head.Forward(features).Mul(Tensor.Wrap([.. r.Select(v => (float)v)], Batch, Nodes)).Sum();
        loss.Backward();

        var inputs = new Dictionary<string, double[]>
        {
            ["node_embeddings"] = P(head, "node_embeddings"),
            ["gc1.weight"] = P(head, "gc1.weight"),
            ["gc2.weight"] = P(head, "gc2.weight"),
            ["bias"] = P(head, "bias"),
            ["features"] = features.ToArray().Select(v => (double)v).ToArray(),
        };
        var analytic = new Dictionary<string, float[]>
        {
            ["node_embeddings"] = G(head, "node_embeddings"),
            ["gc1.weight"] = G(head, "gc1.weight"),
            ["gc2.weight"] = G(head, "gc2.weight"),
            ["bias"] = G(head, "bias"),
            ["features"] = features.Grad!.ToArray(),
        };
        double L() => Reference(adjacency, inputs["node_embeddings"], inputs["gc1.weight"], inputs["gc2.weight"], inputs["bias"], inputs["features"]).Zip(r, (o, w) => o * w).Sum();
        const double h = 1e-6;
        foreach (var (name, values) in inputs)
        {
            for (int i = 0; i < values.Length; i++)
            {
                double keep = values[i];
                values[i] = keep + h;
                double up = L();
                values[i] = keep - h;
                double down = L();
                values[i] = keep;
                double numeric = (up - down) / (2 * h);
                analytic[name][i].Should().BeApproximately((float)numeric, (float)(1e-4 + 1e-3 * Math.Abs(numeric)), $"d loss / d {name}[{i}]");
            }
        }
    }

    [Fact]
    public void Adjacency_IsABufferAndGetsNoGradient()
    {
        var (head, features, _, _) = Setup();
        head.Forward(features).Sum().Backward();
        head.NamedBuffers().Select(b => b.Name).Should().Contain("adjacency");
        head.NamedParameters().Select(p => p.Name).Should().BeEquivalentTo("node_embeddings", "gc1.weight", "gc2.weight", "bias");
    }

    [Fact]
    public void Forward_WrongFeatureSize_ThrowsNamingShapes()
    {
        var (head, _, _, _) = Setup();
        var act = () => head.Forward(Tensor.Zeros(2, Feat + 1));
        act.Should().Throw<ArgumentException>().WithMessage($"*[N, {Feat}]*[2, {Feat + 1}]*");
    }

    private static (GcnHead Head, Tensor Features, double[] Adjacency, double[] R) Setup()
    {
        var g = new Generator(7);
        // A row-normalised, non-symmetric adjacency like the label graph's.
        double[] adj = new double[Nodes * Nodes];
        for (int i = 0; i < Nodes; i++)
        {
            double s = 0;
            for (int j = 0; j < Nodes; j++) s += adj[i * Nodes + j] = g.NextDouble() < 0.5 || i == j ? 0.2 + g.NextDouble() : 0;
            for (int j = 0; j < Nodes; j++) adj[i * Nodes + j] /= s;
        }
        var adjacency = Tensor.Wrap([.. adj.Select(v => (float)v)], Nodes, Nodes);
        var head = new GcnHead(adjacency, Feat, NodeIn, Hidden, Slope, generator: g);
        // A non-zero bias, so its path is exercised with a value.
        using (Tensors.Autograd.GradMode.NoGrad()) head.Bias.CopyInPlace(Tensor.Normal(g, 0, 1, Nodes));
        Tensor features = Tensor.Normal(g, 0, 1, Batch, Feat);
        double[] r = [.. Enumerable.Range(0, Batch * Nodes).Select(_ => g.NextNormal())];
        return (head, features, [.. adjacency.ToArray().Select(v => (double)v)], r);
    }

    private static double[] P(GcnHead head, string name) => [.. head.StateDict()[name].ToArray().Select(v => (double)v)];

    private static float[] G(GcnHead head, string name) => head.NamedParameters().Single(p => p.Name == name).Parameter.Grad!.ToArray();

    // out[b, n] = sum_f x[b, f] W[n, f] + bias[n], W = A leaky(A E W1) W2.
    private static double[] Reference(double[] a, double[] e, double[] w1, double[] w2, double[] bias, double[] x)
    {
        double[] MatMul(double[] p, double[] q, int m, int k, int n)
        {
            var y = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int t = 0; t < k; t++) s += p[i * k + t] * q[t * n + j];
                    y[i * n + j] = s;
                }
            return y;
        }
        double[] h1 = MatMul(a, MatMul(e, w1, Nodes, NodeIn, Hidden), Nodes, Nodes, Hidden);
        for (int i = 0; i < h1.Length; i++) if (h1[i] < 0) h1[i] *= Slope;
        double[] w = MatMul(a, MatMul(h1, w2, Nodes, Hidden, Feat), Nodes, Nodes, Feat);
        var output = new double[Batch * Nodes];
        for (int b = 0; b < Batch; b++)
            for (int n = 0; n < Nodes; n++)
            {
                double s = bias[n];
                for (int f = 0; f < Feat; f++) s += x[b * Feat + f] * w[n * Feat + f];
                output[b * Nodes + n] = s;
            }
        return output;
    }
}
