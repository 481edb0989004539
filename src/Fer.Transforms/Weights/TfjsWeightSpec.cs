namespace Fer.Transforms.Weights;

/// <summary>One entry of a tfjs manifest group: a named tensor, its shape, dtype and optional quantisation, and where its bytes lie in the group.</summary>
public sealed class TfjsWeightSpec
{
    internal TfjsWeightSpec(string name, int[] shape, string dtype, TfjsQuantization? quantization, int elementCount, long byteOffset)
    {
        Name = name;
        Shape = shape;
        DType = dtype;
        Quantization = quantization;
        ElementCount = elementCount;
        ByteOffset = byteOffset;
    }

    /// <summary>The weight's name (e.g. "conv0/filters").</summary>
    public string Name { get; }

    /// <summary>The shape as tfjs stores it (convolution filters [kh, kw, in, out]).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The logical dtype: float32, int32 or bool.</summary>
    public string DType { get; }

    /// <summary>The storage quantisation, or null when stored as the dtype itself.</summary>
    public TfjsQuantization? Quantization { get; }

    /// <summary>The number of elements (product of the shape).</summary>
    public int ElementCount { get; }

    /// <summary>The first byte of this weight within its group's concatenated shards.</summary>
    public long ByteOffset { get; }

    /// <summary>Bytes this weight occupies in the shards.</summary>
    public long ByteLength => (long)ElementCount * BytesPerElement;

    /// <summary>Bytes per stored element.</summary>
    public int BytesPerElement => Quantization?.BytesPerElement ?? (DType == "bool" ? 1 : 4);

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}] {DType}{(Quantization is { } q ? " as " + q.DType : "")}";
}
