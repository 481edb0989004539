namespace Fer.Tensors.Serialization;

/// <summary>
/// Element types of the safetensors format, in the reference implementation's order of increasing
/// alignment (writers place larger types first). Reading converts every type to float32: integers
/// above 2^24 in magnitude and F64 values are rounded to the nearest float32; F16 and BF16 are exact;
/// BOOL bytes must be 0 or 1. The FP8 types of the format are not supported.
/// </summary>
public enum SafeTensorsDType
{
    /// <summary>"BOOL": one byte, 0 or 1.</summary>
    Bool,

    /// <summary>"U8": unsigned byte.</summary>
    U8,

    /// <summary>"I8": signed byte.</summary>
    I8,

    /// <summary>"I16": signed 16-bit integer.</summary>
    I16,

    /// <summary>"U16": unsigned 16-bit integer.</summary>
    U16,

    /// <summary>"F16": IEEE half precision.</summary>
    F16,

    /// <summary>"BF16": bfloat16 (the top half of a float32).</summary>
    BF16,

    /// <summary>"I32": signed 32-bit integer.</summary>
    I32,

    /// <summary>"U32": unsigned 32-bit integer.</summary>
    U32,

    /// <summary>"F32": IEEE single precision (what this library computes in).</summary>
    F32,

    /// <summary>"F64": IEEE double precision.</summary>
    F64,

    /// <summary>"I64": signed 64-bit integer (e.g. BatchNorm's num_batches_tracked).</summary>
    I64,

    /// <summary>"U64": unsigned 64-bit integer.</summary>
    U64,
}
