using Fer.Tensors.Autograd;
using Fer.Tensors.Memory;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Memory;

/// <summary>Pooled storage of <see cref="TensorScope"/>: reuse in steady steps, no leak, released tensors never read stale data.</summary>
public class TensorScopeTests
{
    private const int Big = TensorScope.MinPooledLength;

    [Fact]
    public void Scope_TensorAfterEnd_IsReleasedAndThrowsOnRead()
    {
        Tensor t, view, small;
        using (TensorScope.Begin())
        {
            t = Tensor.Ones(2, Big);
            view = t.Reshape(Big * 2).Narrow(0, 1, 10);
            small = Tensor.Ones(4);
        }
        t.IsReleased.Should().BeTrue();
        view.IsReleased.Should().BeTrue();
        t.Invoking(x => x.AsSpan()).Should().Throw<ObjectDisposedException>().WithMessage("*TensorScope*Keep*");
        view.Invoking(x => x.ToArray()).Should().Throw<ObjectDisposedException>();
        small.IsReleased.Should().BeFalse("tensors below MinPooledLength are ordinary arrays");
        small.ToArray().Should().Equal(1f, 1f, 1f, 1f);
    }

    [Fact]
    public void Keep_Outermost_SurvivesAndIsNotReusedByLaterScopes()
    {
        Tensor kept;
        using (TensorScope scope = TensorScope.Begin())
        {
            kept = scope.Keep(Tensor.Full(3f, Big));
        }
        using (TensorScope.Begin())
        {
            // The same size again: it must not get the kept array back.
            Tensor other = Tensor.Full(7f, Big);
            other.AsSpan()[0].Should().Be(7f);
        }
        kept.IsReleased.Should().BeFalse();
        kept.ToArray().Should().OnlyContain(v => v == 3f);
    }

    [Fact]
    public void Keep_Nested_MovesStorageToTheEnclosingScope()
    {
        Tensor kept;
        using (TensorScope outer = TensorScope.Begin())
        {
            using (TensorScope inner = TensorScope.Begin())
            {
                kept = inner.Keep(Tensor.Full(2f, Big));
                inner.OwnedStorageCount.Should().Be(0);
            }
            kept.IsReleased.Should().BeFalse();
            kept.ToArray()[Big - 1].Should().Be(2f);
            outer.OwnedStorageCount.Should().Be(1);
        }
        kept.IsReleased.Should().BeTrue("the enclosing scope ended too");
    }

    [Fact]
    public void Dispose_OutOfOrder_Throws()
    {
        TensorScope outer = TensorScope.Begin();
        TensorScope inner = TensorScope.Begin();
        outer.Invoking(s => s.Dispose()).Should().Throw<InvalidOperationException>().WithMessage("*innermost first*");
        inner.Dispose();
        outer.Dispose();
        TensorScope.Current.Should().BeNull();
    }

    [Fact]
    public void Scope_ModuleBuiltInside_KeepsParametersAndGradients()
    {
        Linear layer;
        using (TensorScope.Begin())
        {
            layer = new Linear(Big / 8, 16, generator: new Generator(1));
            Tensor x = Tensor.Uniform(new Generator(2), -1f, 1f, 8, Big / 8);
            layer.Forward(x).Sum().Backward();
        }
        layer.Weight.IsReleased.Should().BeFalse("parameters leave the pool when registered");
        layer.Weight.Grad.Should().NotBeNull();
        layer.Weight.Grad!.IsReleased.Should().BeFalse("gradients outlive the step");
        layer.Weight.Grad.ToArray().Should().Contain(v => v != 0f);
    }

    [Fact]
    public void Scope_TrainingSteps_MatchUnscopedBitForBitAndReachASteadyState()
    {
        float[] plain = Train(scoped: false, steps: 6, out _, out long[] plainBytes);
        float[] scoped = Train(scoped: true, steps: 6, out long[] fresh, out long[] scopedBytes);
        scoped.Should().Equal(plain, "pooled storage must not change any result");
        // Steps after the second reuse every storage: no new pooled arrays, and far fewer bytes allocated than without a scope.
        fresh.Skip(2).Should().OnlyContain(f => f == 0, "a steady step finds every size in the pool");
        scopedBytes.Skip(2).Max().Should().BeLessThan(plainBytes.Skip(2).Min() / 5);
    }

    [Fact]
    public void Scope_TensorsOfEndedSteps_AreAllReleased()
    {
        var kept = new List<Tensor>();
        var model = SmallNet(new Generator(5));
        Tensor x = Tensor.Uniform(new Generator(6), 0f, 1f, 4, 2, 24, 24);
        for (int step = 0; step < 3; step++)
        {
            using TensorScope scope = TensorScope.Begin();
            Tensor y = model.Forward(x);
            kept.Add(y);
            y.Sum().Backward();
            scope.OwnedStorageCount.Should().BeGreaterThan(0);
        }
        kept.Should().OnlyContain(t => t.IsReleased || t.ElementCount < Big);
        TensorScope.Current.Should().BeNull();
    }

    private static float[] Train(bool scoped, int steps, out long[] fresh, out long[] allocated)
    {
        var model = SmallNet(new Generator(11));
        var optimizer = new Sgd(model.Parameters(), 0.05, momentum: 0.9);
        Tensor x = Tensor.Uniform(new Generator(12), 0f, 1f, 4, 2, 24, 24);
        int[] labels = [0, 1, 2, 1];
        var losses = new float[steps];
        fresh = new long[steps];
        allocated = new long[steps];
        for (int s = 0; s < steps; s++)
        {
            long freshBefore = TensorScope.FreshStorageCount, bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            optimizer.ZeroGrad(setToNone: false);
            TensorScope? scope = scoped ? TensorScope.Begin() : null;
            Tensor loss = Fer.Tensors.Nn.Losses.CrossEntropy(model.Forward(x), labels);
            loss.Backward();
            optimizer.Step();
            losses[s] = loss.Item();
            scope?.Dispose();
            fresh[s] = TensorScope.FreshStorageCount - freshBefore;
            allocated[s] = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        }
        return [.. losses, .. model.Parameters().SelectMany(p => p.ToArray())];
    }

    private static Sequential SmallNet(Generator g) => new(
        new Conv2d(2, 8, 3, padding: 1, generator: g), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
        new Conv2d(8, 8, 3, padding: 1, generator: g), new BatchNorm2d(8), new ReLU(),
        new Flatten(), new Linear(8 * 12 * 12, 3, generator: g));
}
