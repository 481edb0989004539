namespace Fer.Tensors.Tests.Losses;

/// <summary>
/// Inputs shared with the PyTorch 1.13 spot checks: element i of f(n, a, b, s) is (float)(sin(a i + b) * s),
/// which Python builds identically with torch.tensor([math.sin(a*i+b)*s ...], dtype=torch.float32).
/// </summary>
public static class PyTorchReference
{
    public static float[] F(int n, double a, double b, double s = 2.0)
        => Enumerable.Range(0, n).Select(i => (float)(Math.Sin(a * i + b) * s)).ToArray();

    public static Tensor T(int n, double a, double b, double s, params int[] shape) => Tensor.FromArray(F(n, a, b, s), shape);
}
