using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Fer.Tensors.Serialization;

/// <summary>Little-endian element conversion between safetensors dtypes and float32.</summary>
internal static class SafeTensorsConvert
{
    /// <summary>Converts whole elements of <paramref name="source"/> into <paramref name="destination"/>; returns the index of the first invalid BOOL byte, or -1.</summary>
    internal static int ToFloat(SafeTensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        int n = destination.Length;
        switch (dtype)
        {
            case SafeTensorsDType.F32:
                if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(source[..(n * 4)]).CopyTo(destination);
                else for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                break;
            case SafeTensorsDType.F64:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                break;
            case SafeTensorsDType.F16:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                break;
            case SafeTensorsDType.BF16:
                for (int i = 0; i < n; i++) destination[i] = BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]) << 16);
                break;
            case SafeTensorsDType.I64:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(i * 8)..]);
                break;
            case SafeTensorsDType.U64:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(i * 8)..]);
                break;
            case SafeTensorsDType.I32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
                break;
            case SafeTensorsDType.U32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(i * 4)..]);
                break;
            case SafeTensorsDType.I16:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]);
                break;
            case SafeTensorsDType.U16:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]);
                break;
            case SafeTensorsDType.I8:
                for (int i = 0; i < n; i++) destination[i] = (sbyte)source[i];
                break;
            case SafeTensorsDType.U8:
                for (int i = 0; i < n; i++) destination[i] = source[i];
                break;
            case SafeTensorsDType.Bool:
                for (int i = 0; i < n; i++)
                {
                    byte b = source[i];
                    if (b > 1) return i;
                    destination[i] = b;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype.");
        }
        return -1;
    }

    /// <summary>The index of the first value <paramref name="dtype"/> cannot hold exactly (integers, BOOL), or -1. Floating types accept every value.</summary>
    internal static int FirstUnrepresentable(SafeTensorsDType dtype, ReadOnlySpan<float> values)
    {
        var (min, maxExclusive) = dtype switch
        {
            SafeTensorsDType.Bool => (0.0, 2.0),
            SafeTensorsDType.U8 => (0.0, 256.0),
            SafeTensorsDType.I8 => (-128.0, 128.0),
            SafeTensorsDType.I16 => (-32768.0, 32768.0),
            SafeTensorsDType.U16 => (0.0, 65536.0),
            SafeTensorsDType.I32 => (-2147483648.0, 2147483648.0),
            SafeTensorsDType.U32 => (0.0, 4294967296.0),
            SafeTensorsDType.I64 => (-9223372036854775808.0, 9223372036854775808.0),
            SafeTensorsDType.U64 => (0.0, 18446744073709551616.0),
            _ => (double.NaN, double.NaN),
        };
        if (double.IsNaN(min)) return -1;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!float.IsInteger(v) || v < min || v >= maxExclusive) return i;
        }
        return -1;
    }

    /// <summary>Writes <paramref name="source"/> as <paramref name="dtype"/> (values already checked with <see cref="FirstUnrepresentable"/>).</summary>
    internal static void FromFloat(SafeTensorsDType dtype, ReadOnlySpan<float> source, Span<byte> destination)
    {
        int n = source.Length;
        switch (dtype)
        {
            case SafeTensorsDType.F32:
                if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(source).CopyTo(destination);
                else for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], source[i]);
                break;
            case SafeTensorsDType.F64:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * 8)..], source[i]);
                break;
            case SafeTensorsDType.F16:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)source[i]);
                break;
            case SafeTensorsDType.BF16:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], ToBFloat16(source[i]));
                break;
            case SafeTensorsDType.I64:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteInt64LittleEndian(destination[(i * 8)..], (long)source[i]);
                break;
            case SafeTensorsDType.U64:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], (ulong)source[i]);
                break;
            case SafeTensorsDType.I32:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteInt32LittleEndian(destination[(i * 4)..], (int)source[i]);
                break;
            case SafeTensorsDType.U32:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], (uint)source[i]);
                break;
            case SafeTensorsDType.I16:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteInt16LittleEndian(destination[(i * 2)..], (short)source[i]);
                break;
            case SafeTensorsDType.U16:
                for (int i = 0; i < n; i++) BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], (ushort)source[i]);
                break;
            case SafeTensorsDType.I8:
                for (int i = 0; i < n; i++) destination[i] = (byte)(sbyte)source[i];
                break;
            case SafeTensorsDType.U8:
            case SafeTensorsDType.Bool:
                for (int i = 0; i < n; i++) destination[i] = (byte)source[i];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype.");
        }
    }

    /// <summary>float32 to bfloat16 with round-to-nearest-even (as PyTorch); NaN stays a quiet NaN.</summary>
    internal static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}
