using Fer.Tensors.Inference;
using Fer.Tensors.Random;

namespace Fer.Tensors.Nn;

/// <summary>
/// Applies <see cref="Functional.Dropout"/> in training mode and passes the input through in
/// evaluation mode; any shape.
/// </summary>
public sealed class Dropout : Module
{

    /// <summary>Creates the module with drop probability <paramref name="p"/> (PyTorch default 0.5).</summary>
    /// <param name="p">Probability of zeroing an element, in [0, 1].</param>
    /// <param name="generator">Source of the masks; null uses <see cref="Generator.Default"/> as it is at each call (so reseeding it reproduces a run).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public Dropout(float p = 0.5f, Generator? generator = null)
    {
        if (!(p >= 0f && p <= 1f)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        P = p;
        Generator = generator;
    }

    /// <summary>The drop probability.</summary>
    public float P { get; }

    /// <inheritdoc />
    /// <summary>
    /// The generator masks are drawn from (null = <see cref="Generator.Default"/> at each call). Trainers
    /// set it so that each step's masks depend only on the step, which makes resumed runs exact.
    /// </summary>
    public Generator? Generator { get; set; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, IsTraining, Generator ?? Generator.Default);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input) => input;
}
