using System.Text.Json;
using Fer.Tensors.Optim;
using Xunit.Abstractions;

namespace Fer.Tensors.Tests.Optim;

// References: Optim/Reference/optimizers.json, written by tools/make_optim_reference.py with PyTorch
// 1.13 (five steps on loss = mean((X W^T + b - Y)^2); the gradient PyTorch fed at each step and the
// parameters after it).
public class OptimizerParityTests(ITestOutputHelper output)
{
    private static readonly JsonElement Reference = ReferenceFile.Load("optimizers.json");

    public static TheoryData<string> CaseNames => new(Reference.GetProperty("cases").EnumerateObject().Select(p => p.Name));

    private static Optimizer Make(string name, Tensor w, Tensor b) => name switch
    {
        "sgd" => new Sgd([w, b], 0.1),
        "sgd_momentum" => new Sgd([w, b], 0.1, momentum: 0.9),
        "sgd_nesterov_wd" => new Sgd([w, b], 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01),
        "sgd_dampening_wd" => new Sgd([w, b], 0.1, momentum: 0.8, dampening: 0.3, weightDecay: 0.001),
        "adam" => new Adam([w, b], 0.01),
        "adam_amsgrad_wd" => new Adam([w, b], 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.05, amsgrad: true),
        "adamw" => new AdamW([w, b], 0.01),
        "adamw_amsgrad" => new AdamW([w, b], 0.03, beta1: 0.85, beta2: 0.995, weightDecay: 0.1, amsgrad: true),
        "sgd_groups" => new Sgd([new ParameterGroup([w], learningRate: 0.2, momentum: 0.5), new ParameterGroup([b], weightDecay: 0.1)], 0.05, momentum: 0.9),
        "adamw_groups" => new AdamW([new ParameterGroup([w], learningRate: 0.02, beta1: 0.7, beta2: 0.9), new ParameterGroup([b], weightDecay: 0.0)], 0.01),
        _ => throw new ArgumentException(name),
    };

    private static (Tensor W, Tensor B) Initial()
    {
        var w = Tensor.FromArray(ReferenceFile.Floats(Reference.GetProperty("weight")), 3, 4);
        var b = Tensor.FromArray(ReferenceFile.Floats(Reference.GetProperty("bias")), 3);
        w.RequiresGrad = true;
        b.RequiresGrad = true;
        return (w, b);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Step_WithPyTorchGradients_MatchesPyTorchParameters(string name)
    {
        var (w, b) = Initial();
        Optimizer opt = Make(name, w, b);
        double worst = 0;
        foreach (JsonElement step in Reference.GetProperty("cases").GetProperty(name).EnumerateArray())
        {
            JsonElement g = step.GetProperty("grad");
            w.Grad = Tensor.FromArray(ReferenceFile.Floats(g.GetProperty("weight")), 3, 4);
            b.Grad = Tensor.FromArray(ReferenceFile.Floats(g.GetProperty("bias")), 3);
            opt.Step();
            worst = Math.Max(worst, Compare(step, w, b, name));
        }
        output.WriteLine($"fed gradients, {name}: max relative error over 5 steps {worst:G3}");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Step_WithOwnAutograd_MatchesPyTorchLossAndParameters(string name)
    {
        var (w, b) = Initial();
        var x = Tensor.FromArray(ReferenceFile.Floats(Reference.GetProperty("x")), 6, 4);
        var y = Tensor.FromArray(ReferenceFile.Floats(Reference.GetProperty("y")), 6, 3);
        Optimizer opt = Make(name, w, b);
        double worst = 0;
        foreach (JsonElement step in Reference.GetProperty("cases").GetProperty(name).EnumerateArray())
        {
            opt.ZeroGrad();
            Tensor loss = Tensor.Linear(x, w, b).Sub(y).Square().Mean();
            loss.Backward();
            loss.Item().Should().BeApproximately((float)step.GetProperty("loss").GetDouble(), 1e-5f * (float)step.GetProperty("loss").GetDouble());
            opt.Step();
            worst = Math.Max(worst, Compare(step, w, b, name));
        }
        output.WriteLine($"own autograd, {name}: max relative error over 5 steps {worst:G3}");
    }

    private static double Compare(JsonElement step, Tensor w, Tensor b, string name)
    {
        float[] ew = ReferenceFile.Floats(step.GetProperty("weight")), eb = ReferenceFile.Floats(step.GetProperty("bias"));
        Fer.Testing.Close.Check(ew, w.ToArray(), 1e-7, 1e-5, $"{name} weight");
        Fer.Testing.Close.Check(eb, b.ToArray(), 1e-7, 1e-5, $"{name} bias");
        return Math.Max(Fer.Testing.Close.MaxRelativeError(ew, w.ToArray()), Fer.Testing.Close.MaxRelativeError(eb, b.ToArray()));
    }

    [Fact]
    public void ClipGradNorm_MatchesPyTorch()
    {
        foreach (JsonElement c in Reference.GetProperty("clip").EnumerateArray())
        {
            double normType = c.GetProperty("normType").ValueKind == JsonValueKind.String ? double.PositiveInfinity : c.GetProperty("normType").GetDouble();
            int[][] shapes = c.GetProperty("shapes").EnumerateArray().Select(ReferenceFile.Ints).ToArray();
            JsonElement[] grads = c.GetProperty("grads").EnumerateArray().ToArray();
            JsonElement[] clipped = c.GetProperty("clipped").EnumerateArray().ToArray();
            var ps = shapes.Select((s, i) =>
            {
                var p = Tensor.Zeros(s);
                p.RequiresGrad = true;
                p.Grad = Tensor.FromArray(ReferenceFile.Floats(grads[i]), s);
                return p;
            }).ToArray();
            double total = GradientClipping.ClipGradNorm(ps, c.GetProperty("maxNorm").GetDouble(), normType);
            string what = $"norm {normType}, max {c.GetProperty("maxNorm").GetDouble()}";
            total.Should().BeApproximately(c.GetProperty("total").GetDouble(), 1e-6 * c.GetProperty("total").GetDouble(), what);
            for (int i = 0; i < ps.Length; i++)
                Fer.Testing.Close.Check(ReferenceFile.Floats(clipped[i]), ps[i].Grad!.ToArray(), 1e-7, 1e-5, $"{what}, parameter {i}");
        }
    }
}
