using System.Text;
using Fer.MLNet.Onnx.Proto;

namespace Fer.MLNet.Onnx.Export;

/// <summary>Factories for node attributes, e.g. <c>OnnxAttribute.Ints("strides", 2, 2)</c>.</summary>
public static class OnnxAttribute
{
    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = Check(name), Type = AttributeType.Int, I = value };

    /// <summary>A FLOAT attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = Check(name), Type = AttributeType.Float, F = value };

    /// <summary>A STRING attribute (UTF-8).</summary>
    public static AttributeProto String(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new() { Name = Check(name), Type = AttributeType.String, S = Encoding.UTF8.GetBytes(value) };
    }

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = new AttributeProto { Name = Check(name), Type = AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A FLOATS attribute.</summary>
    public static AttributeProto Floats(string name, params float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = new AttributeProto { Name = Check(name), Type = AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    /// <summary>A TENSOR attribute (e.g. Constant's 'value'); build the tensor with <see cref="OnnxGraphBuilder.FloatTensor"/> or <see cref="OnnxGraphBuilder.Int64Tensor"/>.</summary>
    public static AttributeProto Tensor(string name, TensorProto value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new() { Name = Check(name), Type = AttributeType.Tensor, T = value };
    }

    private static string Check(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }
}
