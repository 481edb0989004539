using System.Collections.Concurrent;
using Fer.Tensors;
using Fer.Tensors.Inference;

namespace Fer.Trainers.Inference;

/// <summary>
/// Compiled inference plans of a trained model, one per input shape, made on first use: scoring runs
/// the plan (fused, channel-blocked kernels) instead of the modules op by op. A model whose modules
/// have no inference description gets none, and its caller runs the modules as before. A plan is a
/// snapshot of the weights when it was compiled; models hand out predictions only once trained.
/// Thread-safe.
/// </summary>
internal sealed class PlanCache(Func<InferenceGraph, IReadOnlyList<InferenceValue>> describe)
{
    private readonly ConcurrentDictionary<(int C, int H, int W), Lazy<InferencePlan?>> plans = new();

    /// <summary>The outputs for images [N, C, H, W], or null when the model cannot be compiled (or the input is not a batch of images).</summary>
    public Tensor[]? TryRun(Tensor images)
    {
        if (images.Rank != 4) return null;
        InferencePlan? plan = plans.GetOrAdd((images.Size(1), images.Size(2), images.Size(3)),
            key => new Lazy<InferencePlan?>(() => Compile(key), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        return plan?.RunAll(images);
    }

    private InferencePlan? Compile((int C, int H, int W) shape)
    {
        try
        {
            var graph = new InferenceGraph(shape.C, shape.H, shape.W);
            foreach (InferenceValue output in describe(graph)) graph.Output(output);
            return graph.Compile();
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
