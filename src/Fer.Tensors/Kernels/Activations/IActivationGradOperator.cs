using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Activations;

/// <summary>
/// The backward of an element-wise activation: dx = h(g, s) where g is the output gradient and s the
/// value saved by the forward (the input or the output, as each operator documents).
/// </summary>
internal interface IActivationGradOperator
{
    float Invoke(float g, float s);

    Vector256<float> Invoke(Vector256<float> g, Vector256<float> s);
}
