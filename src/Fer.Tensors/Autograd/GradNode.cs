namespace Fer.Tensors.Autograd;

/// <summary>
/// One recorded operation of the dynamic graph: the inputs it read and the function that maps the
/// gradient of its output to gradients of those inputs. The closure keeps only what backward needs;
/// it is released after backward unless the graph is retained.
/// </summary>
internal sealed class GradNode
{
    private Func<Tensor, Tensor?[]>? backward;
    private Tensor[]? inputs;

    internal GradNode(string name, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        Name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /// <summary>The operation's name, for error messages ("conv2d", "add").</summary>
    internal string Name { get; }

    internal Tensor[] Inputs => inputs ?? throw Freed();

    internal bool IsFreed => backward is null;

    /// <summary>Gradients for each input (null where an input needs none).</summary>
    internal Tensor?[] Apply(Tensor gradOutput)
    {
        var fn = backward ?? throw Freed();
        return fn(gradOutput);
    }

    /// <summary>Drops the closure and the inputs so saved tensors can be collected.</summary>
    internal void Release()
    {
        backward = null;
        inputs = null;
    }

    private InvalidOperationException Freed() => new(
        $"Trying to backward through the graph a second time (op '{Name}'): its saved tensors were freed after the first Backward. Pass retainGraph: true to the first call.");
}
