using System.Globalization;
using Fer.MLNet.Onnx.Import;
using Fer.MLNet.Onnx.Proto;

namespace Fer.MLNet.Onnx.Runtime;

/// <summary>
/// One node as an operator sees it: typed attribute access that records which attributes were
/// read (any left unread is reported as unsupported), input-count checks, and exceptions that
/// name the model file, the node and the operator.
/// </summary>
internal sealed class NodeContext
{
    private readonly Dictionary<string, AttributeProto> attributes = new(StringComparer.Ordinal);
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public NodeContext(NodeProto node, int opset, string source, OnnxLoadOptions options)
    {
        Node = node;
        Opset = opset;
        Source = source;
        Options = options;
        foreach (AttributeProto a in node.Attributes)
        {
            if (a.Name.Length == 0) throw Error("an attribute has an empty name.");
            if (!attributes.TryAdd(a.Name, a)) throw Error($"attribute '{a.Name}' is given twice.");
            if (a.RefAttrName.Length > 0) throw Error($"attribute '{a.Name}' refers to a function attribute ('{a.RefAttrName}'), which is only valid inside functions.");
        }
    }

    public NodeProto Node { get; }

    public int Opset { get; }

    public string Source { get; }

    public OnnxLoadOptions Options { get; }

    public string OpType => Node.OpType;

    public int InputCount => Node.Inputs.Count;

    /// <summary>Whether optional input <paramref name="index"/> is given (present and not "").</summary>
    public bool HasInput(int index) => index < Node.Inputs.Count && Node.Inputs[index].Length > 0;

    public OnnxFormatException Error(string detail, Exception? inner = null) =>
        new(detail, Source, Node.DisplayName, Node.OpType, inner);

    public void RequireInputs(int min, int max)
    {
        int n = Node.Inputs.Count;
        while (n > 0 && Node.Inputs[n - 1].Length == 0) n--; // trailing omitted optionals
        if (n < min || n > max)
        {
            string expected = min == max ? $"{min}" : $"{min} to {max}";
            throw Error($"has {n} input(s); opset {Opset} {OpType} takes {expected}.");
        }
        for (int i = 0; i < min; i++)
            if (Node.Inputs[i].Length == 0) throw Error($"required input {i} is empty.");
    }

    public void RequireOutputs(int max)
    {
        for (int i = max; i < Node.Outputs.Count; i++)
            if (Node.Outputs[i].Length > 0) throw Error($"has output {i} ('{Node.Outputs[i]}'); this runtime produces only {max} output(s) for {OpType}.");
        if (Node.Outputs.Count == 0 || Node.Outputs[0].Length == 0) throw Error("has no output.");
    }

    public bool Has(string name)
    {
        read.Add(name);
        return attributes.ContainsKey(name);
    }

    /// <summary>Marks an attribute as understood without reading it (it does not change the result here).</summary>
    public void Ignore(string name) => read.Add(name);

    public long Int(string name, long fallback) => Get(name, AttributeType.Int) is { } a ? a.I : fallback;

    public long? IntOrNull(string name) => Get(name, AttributeType.Int)?.I;

    public float Float(string name, float fallback) => Get(name, AttributeType.Float) is { } a ? a.F : fallback;

    public string String(string name, string fallback) => Get(name, AttributeType.String) is { } a ? a.StringValue : fallback;

    public long[]? Ints(string name) => Get(name, AttributeType.Ints) is { } a ? [.. a.Ints] : null;

    public float[]? Floats(string name) => Get(name, AttributeType.Floats) is { } a ? [.. a.Floats] : null;

    public TensorProto? TensorAttribute(string name)
    {
        AttributeProto? a = Get(name, AttributeType.Tensor);
        if (a is null) return null;
        return a.T ?? throw Error($"attribute '{name}' is a TENSOR attribute without a tensor.");
    }

    public OnnxValue DecodeTensor(TensorProto t, string what) =>
        OnnxTensorDecoder.Decode(t, what, Options, null, d => Error(d));

    /// <summary>Checks an integer attribute lies in a range and returns it as int.</summary>
    public int IntInRange(string name, long fallback, long min, long max)
    {
        long v = Int(name, fallback);
        if (v < min || v > max) throw Error($"attribute '{name}' is {v}; expected {min}..{max}.");
        return (int)v;
    }

    /// <summary>Fails when an attribute was given that the operator did not read.</summary>
    public void CheckAllAttributesRead()
    {
        foreach (string name in attributes.Keys)
        {
            if (!read.Contains(name))
                throw Error($"attribute '{name}' is not supported by this runtime for opset {Opset} {OpType}.");
        }
    }

    private AttributeProto? Get(string name, AttributeType type)
    {
        read.Add(name);
        if (!attributes.TryGetValue(name, out AttributeProto? a)) return null;
        // IR < 2 files may leave the type unset; infer it from the field that carries data.
        AttributeType actual = a.Type != AttributeType.Undefined ? a.Type : Guess(a);
        if (actual != type)
            throw Error($"attribute '{name}' must be {type.ToString().ToUpperInvariant()}; the file gives {actual.ToString().ToUpperInvariant()}.");
        return a;
    }

    private static AttributeType Guess(AttributeProto a)
    {
        if (a.Ints.Count > 0) return AttributeType.Ints;
        if (a.Floats.Count > 0) return AttributeType.Floats;
        if (a.T is not null) return AttributeType.Tensor;
        if (a.S.Length > 0) return AttributeType.String;
        if (a.F != 0) return AttributeType.Float;
        return AttributeType.Int;
    }

    public static string Join(IEnumerable<long> values) => "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
}
