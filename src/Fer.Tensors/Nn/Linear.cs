using Fer.Tensors.Inference;
using Fer.Tensors.Random;

namespace Fer.Tensors.Nn;

/// <summary>y = x W^T + b for input [..., InFeatures] and output [..., OutFeatures]; weight [out, in], bias [out].</summary>
public sealed class Linear : Module
{
    /// <summary>Creates a linear layer initialised as PyTorch does (Kaiming-uniform with a = sqrt(5), bias U(-1/sqrt(in), 1/sqrt(in))).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        generator ??= Generator.Default;
        float bound = 1f / MathF.Sqrt(inFeatures);
        // Kaiming-uniform with a = sqrt(5) reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
        Weight = RegisterParameter("weight", Tensor.Uniform(generator, -bound, bound, outFeatures, inFeatures));
        Bias = RegisterOptionalParameter("bias", bias ? Tensor.Uniform(generator, -bound, bound, outFeatures) : null);
    }

    /// <summary>Input feature count.</summary>
    public int InFeatures { get; }

    /// <summary>Output feature count.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight [OutFeatures, InFeatures].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [OutFeatures], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Tensor.Linear(input, Weight, Bias);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Linear(input, Weight, Bias);
    }
}
