using Fer.MLNet.Onnx.Import;
using Fer.MLNet.Onnx.Proto;
using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime;

/// <summary>A graph input as declared: kind, rank and fixed dimensions (-1 for symbolic ones), checked against what a caller feeds.</summary>
internal sealed class InputSpec
{
    private InputSpec(string name, int slot, OnnxValueKind kind, int[]? dims, string[]? labels)
    {
        Name = name;
        Slot = slot;
        Kind = kind;
        Dims = dims;
        Labels = labels;
    }

    public string Name { get; }

    public int Slot { get; }

    public OnnxValueKind Kind { get; }

    public int[]? Dims { get; }

    private string[]? Labels { get; }

    public static InputSpec From(ValueInfoProto v, int slot, string source)
    {
        if (v.Type?.HasNonTensorType == true) throw new OnnxFormatException($"graph input '{v.Name}' is not a tensor (sequence, map or optional types are not supported).", source);
        OnnxValueKind kind = v.ElementType switch
        {
            TensorDataType.Float or TensorDataType.Undefined => OnnxValueKind.Float32,
            TensorDataType.Int64 => OnnxValueKind.Int64,
            _ => throw new OnnxFormatException($"graph input '{v.Name}' has element type {OnnxTensorDecoder.Describe((int)v.ElementType)}; supported: FLOAT, INT64.", source),
        };
        int[]? dims = null;
        string[]? labels = null;
        if (v.Shape is { } shape)
        {
            dims = new int[shape.Dims.Count];
            labels = new string[dims.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                TensorShapeDimension d = shape.Dims[i];
                if (d.Value is { } value && (value < 0 || value > int.MaxValue))
                    throw new OnnxFormatException($"graph input '{v.Name}' declares invalid dimension {value}.", source);
                dims[i] = d.Value is { } fixedValue ? (int)fixedValue : -1;
                labels[i] = d.ToString();
            }
        }
        return new InputSpec(v.Name, slot, kind, dims, labels);
    }

    public void Check(OnnxValue value)
    {
        if (value.Kind != Kind)
            throw new ArgumentException($"input '{Name}' must be {Kind}; got {value.Kind}.", Name);
        if (Dims is null) return;
        string expected = "[" + string.Join(", ", Labels!) + "]";
        if (value.Rank != Dims.Length)
            throw new ArgumentException($"input '{Name}' has shape {Tensor.FormatShape(value.Shape)}; the model expects {expected} (rank {Dims.Length}).", Name);
        for (int i = 0; i < Dims.Length; i++)
        {
            if (Dims[i] >= 0 && value.Shape[i] != Dims[i])
                throw new ArgumentException($"input '{Name}' has shape {Tensor.FormatShape(value.Shape)}; the model expects {expected} (dimension {i} must be {Dims[i]}).", Name);
        }
    }

    public static OnnxValue ToInt64(Tensor tensor, string name)
    {
        float[] f = tensor.ToArray();
        var data = new long[f.Length];
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] != MathF.Floor(f[i]) || !float.IsFinite(f[i]))
                throw new ArgumentException($"input '{name}' is int64 in the model, but element {i} is {f[i]}, not a whole number.", name);
            data[i] = (long)f[i];
        }
        return OnnxValue.WrapInt64(data, tensor.Shape.ToArray());
    }
}
