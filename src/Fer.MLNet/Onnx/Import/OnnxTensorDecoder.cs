using System.Buffers.Binary;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime;
using Fer.Tensors;

namespace Fer.MLNet.Onnx.Import;

/// <summary>
/// Turns a <see cref="TensorProto"/> into an <see cref="OnnxValue"/>: float, float16 and double
/// become float32 tensors; int64, int32, int16, int8, uint16, uint8 and bool become int64 values.
/// The shape is checked (non-negative, within the element cap, fits an int) and the stored data
/// length is compared with what the shape needs before anything is allocated.
/// </summary>
internal static class OnnxTensorDecoder
{
    /// <param name="tensor">The message.</param>
    /// <param name="what">How to name it in messages, e.g. "initializer 'conv1.weight'".</param>
    /// <param name="options">The load limits.</param>
    /// <param name="modelFolder">The folder of the model file (for external data), or null when loaded from bytes.</param>
    /// <param name="fail">Creates the exception for a detail message.</param>
    public static OnnxValue Decode(TensorProto tensor, string what, OnnxLoadOptions options, string? modelFolder, Func<string, OnnxFormatException> fail)
    {
        if (tensor.HasSegment) throw fail($"{what} is segmented (TensorProto.segment), which is not supported.");
        if (tensor.Dims.Count > options.MaxRank) throw fail($"{what} has rank {tensor.Dims.Count}; at most {options.MaxRank} is supported.");
        var shape = new int[tensor.Dims.Count];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long d = tensor.Dims[i];
            if (d < 0 || d > int.MaxValue) throw fail($"{what} has invalid dimension {d} at position {i} of dims [{string.Join(", ", tensor.Dims)}].");
            shape[i] = (int)d;
            if (d != 0 && count > options.MaxTensorElements / d)
                throw fail($"{what} of dims [{string.Join(", ", tensor.Dims)}] exceeds {options.MaxTensorElements} elements (OnnxLoadOptions.MaxTensorElements).");
            count *= d;
        }
        if (count > options.MaxTensorElements || count > int.MaxValue)
            throw fail($"{what} of dims [{string.Join(", ", tensor.Dims)}] exceeds {Math.Min(options.MaxTensorElements, int.MaxValue)} elements (OnnxLoadOptions.MaxTensorElements).");
        int n = (int)count;

        TensorDataType type = tensor.ElementType;
        int elementSize = ElementSize(type);
        if (elementSize == 0)
            throw fail($"{what} has element type {Describe(tensor.DataType)}; supported: float, float16, double, int64, int32, int16, int8, uint16, uint8, bool.");

        ReadOnlyMemory<byte> raw = tensor.RawData;
        bool hasRaw = tensor.HasRawData || raw.Length > 0;
        if (tensor.DataLocation == 1)
        {
            raw = ExternalDataReader.Read(tensor, what, (long)n * elementSize, options, modelFolder, fail);
            hasRaw = true;
        }
        else if (tensor.DataLocation != 0)
        {
            throw fail($"{what} has unknown data_location {tensor.DataLocation} (expected 0 = inline or 1 = external).");
        }

        int typedCount = TypedCount(tensor, type);
        if (hasRaw && typedCount > 0) throw fail($"{what} stores its data twice (raw_data and a typed field); expected one.");
        if (hasRaw)
        {
            long needed = (long)n * elementSize;
            if (raw.Length != needed)
                throw fail($"{what} has raw_data of {raw.Length} bytes, but dims [{string.Join(", ", tensor.Dims)}] of {type} need {needed}.");
        }
        else if (typedCount != n)
        {
            throw fail($"{what} holds {typedCount} values in its {TypedFieldName(type)} field, but dims [{string.Join(", ", tensor.Dims)}] need {n}.");
        }

        return type switch
        {
            TensorDataType.Float or TensorDataType.Float16 or TensorDataType.Double => OnnxValue.FromTensor(Tensor.Wrap(Floats(tensor, type, hasRaw, raw.Span, n), shape)),
            _ => OnnxValue.WrapInt64(Integers(tensor, type, hasRaw, raw.Span, n), shape),
        };
    }

    /// <summary>A readable name for an element type number.</summary>
    public static string Describe(int dataType) =>
        Enum.IsDefined(typeof(TensorDataType), dataType) ? $"{(TensorDataType)dataType} ({dataType})" : $"unknown ({dataType})";

    private static int ElementSize(TensorDataType type) => type switch
    {
        TensorDataType.Float or TensorDataType.Int32 => 4,
        TensorDataType.Double or TensorDataType.Int64 => 8,
        TensorDataType.Float16 or TensorDataType.Int16 or TensorDataType.UInt16 => 2,
        TensorDataType.Int8 or TensorDataType.UInt8 or TensorDataType.Bool => 1,
        _ => 0,
    };

    private static int TypedCount(TensorProto t, TensorDataType type) => type switch
    {
        TensorDataType.Float => t.FloatData.Length,
        TensorDataType.Double => t.DoubleData.Length,
        TensorDataType.Int64 => t.Int64Data.Length,
        _ => t.Int32Data.Length,
    };

    private static string TypedFieldName(TensorDataType type) => type switch
    {
        TensorDataType.Float => "float_data",
        TensorDataType.Double => "double_data",
        TensorDataType.Int64 => "int64_data",
        _ => "int32_data",
    };

    private static float[] Floats(TensorProto t, TensorDataType type, bool hasRaw, ReadOnlySpan<byte> raw, int n)
    {
        var data = new float[n];
        if (!hasRaw)
        {
            switch (type)
            {
                case TensorDataType.Float: t.FloatData.AsSpan().CopyTo(data); break;
                case TensorDataType.Double: for (int i = 0; i < n; i++) data[i] = (float)t.DoubleData[i]; break;
                default: for (int i = 0; i < n; i++) data[i] = (float)BitConverter.UInt16BitsToHalf((ushort)t.Int32Data[i]); break;
            }
            return data;
        }
        switch (type)
        {
            case TensorDataType.Float:
                for (int i = 0; i < n; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i, 4));
                break;
            case TensorDataType.Double:
                for (int i = 0; i < n; i++) data[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(8 * i, 8));
                break;
            default:
                for (int i = 0; i < n; i++) data[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.Slice(2 * i, 2));
                break;
        }
        return data;
    }

    private static long[] Integers(TensorProto t, TensorDataType type, bool hasRaw, ReadOnlySpan<byte> raw, int n)
    {
        var data = new long[n];
        if (!hasRaw)
        {
            if (type == TensorDataType.Int64) t.Int64Data.AsSpan().CopyTo(data);
            else for (int i = 0; i < n; i++) data[i] = Narrow(type, t.Int32Data[i]);
            return data;
        }
        for (int i = 0; i < n; i++)
        {
            data[i] = type switch
            {
                TensorDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(8 * i, 8)),
                TensorDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(4 * i, 4)),
                TensorDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(raw.Slice(2 * i, 2)),
                TensorDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(2 * i, 2)),
                TensorDataType.Int8 => (sbyte)raw[i],
                TensorDataType.Bool => raw[i] != 0 ? 1 : 0,
                _ => raw[i],
            };
        }
        return data;
    }

    // int32_data carries the narrower integer types as their values; keep them in range.
    private static long Narrow(TensorDataType type, int v) => type switch
    {
        TensorDataType.Int16 => (short)v,
        TensorDataType.UInt16 => (ushort)v,
        TensorDataType.Int8 => (sbyte)v,
        TensorDataType.UInt8 => (byte)v,
        TensorDataType.Bool => v != 0 ? 1 : 0,
        _ => v,
    };
}
