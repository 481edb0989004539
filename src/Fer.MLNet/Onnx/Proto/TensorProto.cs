namespace Fer.MLNet.Onnx.Proto;

/// <summary>
/// ONNX <c>TensorProto</c>: a named constant tensor (an initializer, or a Constant node's value).
/// The elements are in exactly one of <see cref="RawData"/> (little-endian, row-major), a typed
/// array (<see cref="FloatData"/>, <see cref="Int32Data"/>, <see cref="Int64Data"/>,
/// <see cref="DoubleData"/>, <see cref="UInt64Data"/>) or, with <see cref="DataLocation"/> = 1,
/// a file named by <see cref="ExternalData"/>. Field numbers follow onnx.proto.
/// </summary>
public sealed class TensorProto
{
    /// <summary>Field 1: the shape (empty for a scalar).</summary>
    public List<long> Dims { get; } = [];

    /// <summary>Field 2: the element type as its wire value (see <see cref="TensorDataType"/>).</summary>
    public int DataType { get; set; }

    /// <summary>Field 2 as the enum (unknown numbers stay as they are).</summary>
    public TensorDataType ElementType
    {
        get => (TensorDataType)DataType;
        set => DataType = (int)value;
    }

    /// <summary>True when field 3 (segment) was present; segmented tensors are not supported.</summary>
    public bool HasSegment { get; set; }

    /// <summary>Field 4: float elements (packed).</summary>
    public float[] FloatData { get; set; } = [];

    /// <summary>Field 5: int32 elements, also used for int8/int16/uint8/uint16/bool/float16 (packed).</summary>
    public int[] Int32Data { get; set; } = [];

    /// <summary>Field 6 (string_data): the number of string elements read (their bytes are not kept).</summary>
    public int StringDataCount { get; set; }

    /// <summary>Field 7: int64 elements (packed).</summary>
    public long[] Int64Data { get; set; } = [];

    /// <summary>Field 8: the tensor's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Field 9: the elements as little-endian bytes, row-major.</summary>
    public ReadOnlyMemory<byte> RawData { get; set; }

    /// <summary>True when field 9 (raw_data) was present, even if empty.</summary>
    public bool HasRawData { get; set; }

    /// <summary>Field 10: double elements (packed).</summary>
    public double[] DoubleData { get; set; } = [];

    /// <summary>Field 11: uint64 (and uint32) elements (packed).</summary>
    public ulong[] UInt64Data { get; set; } = [];

    /// <summary>Field 12: documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>Field 13: where the data lives when <see cref="DataLocation"/> is 1 (keys location, offset, length, checksum).</summary>
    public List<StringStringEntryProto> ExternalData { get; } = [];

    /// <summary>Field 14: 0 = in this message, 1 = external file.</summary>
    public int DataLocation { get; set; }
}
