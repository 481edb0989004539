namespace Fer.MLNet.Onnx.Runtime;

/// <summary>The element types an <see cref="OnnxValue"/> can hold.</summary>
public enum OnnxValueKind
{
    /// <summary>32-bit floats in a <see cref="Fer.Tensors.Tensor"/>.</summary>
    Float32,

    /// <summary>64-bit integers (shapes, indices, axes), kept exact outside the float engine.</summary>
    Int64,
}
