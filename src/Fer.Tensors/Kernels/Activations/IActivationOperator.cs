using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Activations;

/// <summary>
/// An element-wise activation y = f(x) with a scalar form (used where 256-bit vectors are not
/// hardware-accelerated) and a vector form. Instance methods so an operator can carry its
/// parameters (slope, alpha, beta); the generic driver is specialised per struct.
/// </summary>
internal interface IActivationOperator
{
    float Invoke(float x);

    Vector256<float> Invoke(Vector256<float> x);
}
