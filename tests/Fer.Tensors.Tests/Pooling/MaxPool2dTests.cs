using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Pooling;

public class MaxPool2dTests
{
    public sealed record Case(int[] Input, (int H, int W) Kernel, (int H, int W) Stride, (int H, int W) Padding, (int H, int W) Dilation, bool Ceil);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["2x2 stride 2"] = new([2, 3, 6, 8], (2, 2), (2, 2), (0, 0), (1, 1), false),
        ["3x3 stride 2 pad 1 (ResNet stem)"] = new([2, 2, 7, 8], (3, 3), (2, 2), (1, 1), (1, 1), false),
        ["3x3 stride 2 ceil mode"] = new([1, 2, 8, 7], (3, 3), (2, 2), (0, 0), (1, 1), true),
        ["3x3 stride 2 pad 1 ceil mode"] = new([2, 2, 8, 9], (3, 3), (2, 2), (1, 1), (1, 1), true),
        ["2x2 stride 2 ceil odd sizes"] = new([1, 3, 5, 7], (2, 2), (2, 2), (0, 0), (1, 1), true),
        ["3x2 stride (2,1) dilation 2 ceil"] = new([2, 2, 9, 6], (3, 2), (2, 1), (1, 1), (2, 2), true),
        ["3x3 stride 1 pad 1"] = new([1, 2, 5, 5], (3, 3), (1, 1), (1, 1), (1, 1), false),
        // Planes large enough that most windows lie wholly inside (the kernel's unchecked interior loop).
        ["3x3 stride 2 pad 1 wide interior"] = new([1, 2, 15, 12], (3, 3), (2, 2), (1, 1), (1, 1), false),
        ["5x3 stride (1,2) pad (2,1) dilation (1,2)"] = new([1, 2, 11, 13], (5, 3), (1, 2), (2, 1), (1, 2), false),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MaxPool2d_Configuration_MatchesReferenceAndFiniteDifferences(string name)
    {
        Case c = Cases[name];
        GradCheck.Check(
            t => Functional.MaxPool2d(t[0], c.Kernel, c.Stride, c.Padding, c.Dilation, c.Ceil),
            r => PoolRefOps.MaxPool(r[0], c.Kernel, c.Stride, c.Padding, c.Dilation, c.Ceil),
            [GradCheck.Random(41, c.Input)]);
    }

    [Fact]
    public void MaxPool2d_Ties_GradientGoesToFirstMaximum()
    {
        var x = Tensor.Ones(1, 1, 4, 4);
        x.RequiresGrad = true;
        Functional.MaxPool2d(x, 2).Sum().Backward();
        float[] g = x.Grad!.ToArray();
        for (int i = 0; i < 16; i++)
        {
            bool firstOfWindow = i / 4 % 2 == 0 && i % 4 % 2 == 0;
            g[i].Should().Be(firstOfWindow ? 1f : 0f, $"element {i}");
        }
    }

    [Fact]
    public void MaxPool2d_OverlappingWindows_AccumulateGradient()
    {
        var x = Tensor.FromArray([0f, 0f, 0f, 0f, 9f, 0f, 0f, 0f, 0f], 1, 1, 3, 3);
        x.RequiresGrad = true;
        Functional.MaxPool2d(x, 2, stride: 1).Sum().Backward();
        x.Grad![0, 0, 1, 1].Should().Be(4f, "the centre wins all four windows");
    }

    [Fact]
    public void MaxPool2d_NaNInWindow_Propagates()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3f, 2f], 1, 1, 2, 2);
        float.IsNaN(Functional.MaxPool2d(x, 2).Item()).Should().BeTrue();
    }

    [Fact]
    public void MaxPool2d_InteriorWindows_KeepTheFirstMaximumAndNaNRules()
    {
        // 9x9 plane of ties (values 0..2), a NaN and a -inf inside; 3x3 stride 2 pad 1 gives 5x5 windows,
        // the middle 3x3 of them wholly inside the plane.
        const int size = 9, outSize = 5;
        var values = new float[size * size];
        for (int i = 0; i < values.Length; i++) values[i] = (i * 7 % 5) % 3;
        values[4 * size + 4] = float.NaN;
        values[2 * size + 6] = float.NegativeInfinity;
        var x = Tensor.FromArray(values, 1, 1, size, size);
        x.RequiresGrad = true;
        Tensor y = Functional.MaxPool2d(x, 3, stride: 2, padding: 1);
        y.Sum().Backward();

        var expectedGrad = new float[values.Length];
        for (int oh = 0; oh < outSize; oh++)
            for (int ow = 0; ow < outSize; ow++)
            {
                int best = -1;
                for (int ih = 2 * oh - 1; ih <= 2 * oh + 1; ih++)
                    for (int iw = 2 * ow - 1; iw <= 2 * ow + 1; iw++)
                    {
                        if (ih < 0 || iw < 0 || ih >= size || iw >= size) continue;
                        int i = ih * size + iw;
                        if (best < 0 || values[i] > values[best] || float.IsNaN(values[i])) best = i;
                    }
                float got = y[0, 0, oh, ow];
                if (float.IsNaN(values[best])) float.IsNaN(got).Should().BeTrue($"window ({oh}, {ow}) holds the NaN");
                else got.Should().Be(values[best], $"window ({oh}, {ow})");
                expectedGrad[best] += 1;
            }
        x.Grad!.ToArray().Should().Equal(expectedGrad, "each window's gradient goes to its first maximum (or its NaN)");
    }

    [Fact]
    public void MaxPool2d_IntOverload_DefaultsStrideToKernel()
    {
        var x = GradCheck.Random(42, 1, 2, 6, 6);
        Functional.MaxPool2d(x, 3).Shape.ToArray().Should().Equal(1, 2, 2, 2);
        Functional.MaxPool2d(x, 3).ToArray().Should().Equal(Functional.MaxPool2d(x, (3, 3), (3, 3)).ToArray());
        Functional.MaxPool2d(x.Squeeze(0), 3).Shape.ToArray().Should().Equal(2, 2, 2);
    }

    [Fact]
    public void MaxPool2d_BadArguments_Throw()
    {
        var pad = () => Functional.MaxPool2d(Tensor.Zeros(1, 1, 5, 5), 3, padding: 2);
        pad.Should().Throw<ArgumentException>().WithMessage("*padding (2, 2)*half the kernel size (3, 3)*");
        var small = () => Functional.MaxPool2d(Tensor.Zeros(1, 1, 2, 5), 3);
        small.Should().Throw<ArgumentException>().WithMessage("*input [1, 1, 2, 5] is too small*");
        var rank = () => Functional.MaxPool2d(Tensor.Zeros(5, 5), 2);
        rank.Should().Throw<ArgumentException>().WithMessage("*[N, C, H, W]*[5, 5]*");
        var kernel = () => Functional.MaxPool2d(Tensor.Zeros(1, 1, 5, 5), 0);
        kernel.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*kernelSize*");
    }

    [Fact]
    public void MaxPool2d_SteadyTrainingStep_WinnersIndicesComeFromThePool()
    {
        // [16, 32, 24, 24] -> 73,728 outputs: their winners' indices were a fresh 288 KiB int array every step.
        var x = Tensor.Uniform(new Fer.Tensors.Random.Generator(3), -1f, 1f, 16, 32, 24, 24);
        x.RequiresGrad = true;
        void Step()
        {
            using var scope = Fer.Tensors.Memory.TensorScope.Begin();
            Functional.MaxPool2d(x, 2).Sum().Backward(); // x.Grad is kept and accumulated into, as in training
        }

        Step(); // fills the pool
        long before = GC.GetAllocatedBytesForCurrentThread();
        Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().BeLessThan(64 * 1024, "the output, the indices and the input gradient reuse pooled storage; only small objects are new");
    }
}
