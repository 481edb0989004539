using Fer.Tensors.Serialization;

namespace Fer.Tensors.Tests.Parity;

/// <summary>
/// The tensors written by tools/make_torch_reference.py (PyTorch 1.13, CPU): inputs, outputs and
/// gradients of each case, keyed "case/tensor".
/// </summary>
public static class TorchReference
{
    private static readonly Lazy<IReadOnlyDictionary<string, Tensor>> All = new(() =>
        SafeTensorsFile.Read(Path.Combine(Fer.Testing.SharedData.RepositoryRoot, "tests", "Fer.Tensors.Tests", "Parity", "torch_reference.safetensors")).Tensors);

    public static Tensor Get(string name) => All.Value.TryGetValue(name, out var t)
        ? t.CloneData()
        : throw new KeyNotFoundException($"torch_reference.safetensors has no '{name}'; rerun tools/make_torch_reference.py");

    public static bool Has(string name) => All.Value.ContainsKey(name);

    public static int[] Indices(string name) => Tensor.ToIndexArray(Get(name));

    /// <summary>
    /// Rebuilds case <paramref name="name"/>: inputs x0.. (requiring grad where the reference has
    /// grad_xi), runs <paramref name="op"/>, back-propagates gout, and returns the largest relative
    /// error (|e - a| / max(|e|, 1e-3)) over the output and every gradient.
    /// </summary>
    public static double Run(string name, Func<Tensor[], Tensor> op)
    {
        var inputs = new List<Tensor>();
        for (int i = 0; Has($"{name}/x{i}"); i++)
        {
            Tensor x = Get($"{name}/x{i}");
            x.RequiresGrad = Has($"{name}/grad_x{i}");
            inputs.Add(x);
        }
        Tensor output = op([.. inputs]);
        Tensor expected = Get($"{name}/out");
        output.Shape.ToArray().Should().Equal(expected.Shape.ToArray(), $"{name}: output shape");
        double worst = Check(expected, output, $"{name}: output");
        if (Has($"{name}/gout"))
        {
            output.Backward(Get($"{name}/gout"));
            for (int i = 0; i < inputs.Count; i++)
            {
                if (!inputs[i].RequiresGrad) continue;
                inputs[i].Grad.Should().NotBeNull($"{name}: gradient of x{i}");
                worst = Math.Max(worst, Check(Get($"{name}/grad_x{i}"), inputs[i].Grad!, $"{name}: gradient of x{i}"));
            }
        }
        return worst;
    }

    /// <summary>
    /// The largest relative error |e - a| / max(|e|, 0.01 * max|E|): relative to each element, with a
    /// floor at 1% of the tensor's largest magnitude, because the relative error of elements near
    /// zero measures float32 cancellation (e.g. 1 - tanh(x)^2 at |x| = 4), not correctness.
    /// </summary>
    public static double RelativeError(Tensor expected, Tensor actual)
    {
        float[] e = expected.ToArray(), a = actual.ToArray();
        if (a.Length != e.Length) throw new ArgumentException($"lengths differ: {a.Length} vs {e.Length}");
        double scale = e.Length == 0 ? 0 : e.Max(v => Math.Abs((double)v));
        double floor = Math.Max(0.01 * scale, 1e-12);
        double worst = 0;
        for (int i = 0; i < e.Length; i++)
            worst = Math.Max(worst, Math.Abs((double)e[i] - a[i]) / Math.Max(Math.Abs((double)e[i]), floor));
        return worst;
    }

    /// <summary>Asserts <see cref="RelativeError"/> &lt;= 1e-4 (printing the first mismatches otherwise) and returns it.</summary>
    public static double Check(Tensor expected, Tensor actual, string what)
    {
        double worst = RelativeError(expected, actual);
        if (worst > 1e-4)
        {
            float[] e = expected.ToArray();
            double floor = 0.01 * e.Max(v => Math.Abs((double)v));
            Fer.Testing.Close.Check(e, actual.ToArray(), 1e-4 * floor, 1e-4, what);
        }
        return worst;
    }
}
