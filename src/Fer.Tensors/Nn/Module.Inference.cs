using Fer.Tensors.Inference;

namespace Fer.Tensors.Nn;

public abstract partial class Module
{
    /// <summary>
    /// Adds this module's inference-mode computation (batch norm with running statistics, dropout as
    /// identity) to <paramref name="graph"/>, reading <paramref name="input"/>, and returns its output:
    /// the same computation as <see cref="Forward"/> in <see cref="Eval"/> mode, for
    /// <see cref="InferenceGraph.Compile()"/>. The weights are copied as they are now.
    /// </summary>
    /// <exception cref="NotSupportedException">The module (or a child) has no inference description.</exception>
    public virtual InferenceValue Describe(InferenceGraph graph, InferenceValue input)
        => throw new NotSupportedException($"{GetType().Name} has no inference description (Module.Describe); run it with Forward instead.");

    /// <summary>Compiles this module for inference on images [N, <paramref name="channels"/>, <paramref name="height"/>, <paramref name="width"/>]: its one output, from <see cref="Describe"/>.</summary>
    /// <exception cref="NotSupportedException">The module (or a child) has no inference description.</exception>
    public InferencePlan CompileForInference(int channels, int height, int width)
    {
        var graph = new InferenceGraph(channels, height, width);
        graph.Output(Describe(graph, graph.Input));
        return graph.Compile();
    }
}
