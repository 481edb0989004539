using System.Globalization;
using Fer.MLNet.Onnx.Proto;
using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// The state of one export: the graph being built, the dotted path of the module being exported
/// (used to name nodes and weights, e.g. "backbone.layer1.0.conv1.weight"), the settings, and
/// helpers that emit the common node patterns (convolution with folded batch norm, linear layers,
/// pooling, activations). Module exporters receive it; see <see cref="ModuleExporters"/>.
/// </summary>
public sealed partial class ModuleExportContext
{
    private const string ScopeKey = "Fer.MLNet.Onnx.ExportScope";
    private readonly HashSet<string> initializerNames = new(StringComparer.Ordinal);
    private readonly Stack<string> scopes = new();

    /// <summary>Starts exporting into <paramref name="builder"/>.</summary>
    /// <param name="builder">The graph.</param>
    /// <param name="foldBatchNorm">Fold batch norms that follow a convolution or linear layer into its weights.</param>
    public ModuleExportContext(OnnxGraphBuilder builder, bool foldBatchNorm = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Builder = builder;
        FoldBatchNorm = foldBatchNorm;
    }

    /// <summary>The graph being built.</summary>
    public OnnxGraphBuilder Builder { get; }

    /// <summary>True when batch norms are folded into the preceding convolution or linear layer.</summary>
    public bool FoldBatchNorm { get; }

    /// <summary>The dotted path of the module being exported ("" at the top).</summary>
    public string Scope => scopes.Count == 0 ? "" : scopes.Peek();

    /// <summary>
    /// Exports <paramref name="module"/> (a child named <paramref name="name"/> of the module being
    /// exported) through its registered exporter and returns its output.
    /// </summary>
    /// <exception cref="NotSupportedException">No exporter is registered for the module's type, or a setting has no ONNX form (the message names the module's path).</exception>
    /// <exception cref="ArgumentException">The input shape does not fit the module (the message names the module's path and the shape).</exception>
    public GraphValue Export(Module module, string name, GraphValue input)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(input);
        string path = Scope.Length == 0 ? name : Scope + "." + name;
        var exporter = ModuleExporters.Find(module.GetType())
            ?? throw new NotSupportedException($"module {path} ({module.GetType().Name}) has no ONNX exporter; registered: {string.Join(", ", ModuleExporters.SupportedTypes)}. Register one with ModuleExporters.Register.");
        return InScope(path, module, input, () => exporter(this, module, input));
    }

    private GraphValue InScope(string path, Module module, GraphValue input, Func<GraphValue> emit)
    {
        scopes.Push(path);
        try
        {
            return emit();
        }
        catch (ArgumentException e) when (!e.Data.Contains(ScopeKey))
        {
            var wrapped = new ArgumentException($"module {path} ({module.GetType().Name}) cannot take input {input.DescribeShape()}: {e.Message}", e);
            wrapped.Data[ScopeKey] = path;
            throw wrapped;
        }
        finally
        {
            scopes.Pop();
        }
    }

    /// <summary>Adds a node of <paramref name="opType"/> named after the current scope and returns its (single) output.</summary>
    /// <param name="opType">The ONNX operator.</param>
    /// <param name="inputs">Input value names ("" for an omitted optional input).</param>
    /// <param name="outputShape">The output's shape (-1 for the batch).</param>
    /// <param name="attributes">Attributes from <see cref="OnnxAttribute"/>.</param>
    public GraphValue Op(string opType, string[] inputs, int[] outputShape, params AttributeProto[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(outputShape);
        string prefix = (Scope.Length == 0 ? "" : Scope + "/") + opType;
        string output = Builder.UniqueName(prefix);
        Builder.AddNode(opType, inputs, [output], output, attributes);
        return new GraphValue(output, [.. outputShape]);
    }

    /// <summary>Adds a float initializer named "{scope}.{name}" (made unique when needed) and returns its graph name.</summary>
    public string Weight(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Builder.AddInitializer(ClaimInitializerName(name), value);
    }

    /// <summary>Adds an int64 initializer (a shape or axes list) named "{scope}.{name}" and returns its graph name.</summary>
    public string Int64s(string name, params long[] values) => Builder.AddInitializer(ClaimInitializerName(name), values, values.Length);

    /// <summary>The name of an initializer holding the scalar <paramref name="value"/> (shape [1]).</summary>
    public string Scalar(string name, float value) => Weight(name, Tensor.FromArray(value));

    private string ClaimInitializerName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string full = Scope.Length == 0 ? name : Scope + "." + name;
        string unique = full;
        for (int k = 1; !initializerNames.Add(unique); k++) unique = full + "_" + k.ToString(CultureInfo.InvariantCulture);
        return unique;
    }

    /// <summary>The child of <paramref name="parent"/> named <paramref name="name"/>, of type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">The child is missing or of another type (the module's layout is not the one the exporter knows).</exception>
    public static T Child<T>(Module parent, string name)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(parent);
        return TryChild<T>(parent, name)
            ?? throw new NotSupportedException($"{parent.GetType().Name} has no child '{name}' of type {typeof(T).Name}; its children are: {string.Join(", ", parent.NamedChildren().Select(c => $"{c.Name} ({c.Module.GetType().Name})"))}.");
    }

    /// <summary>The child named <paramref name="name"/> of type <typeparamref name="T"/>, or null when there is none.</summary>
    public static T? TryChild<T>(Module parent, string name)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(parent);
        foreach (var (n, m) in parent.NamedChildren())
            if (n == name) return m as T;
        return null;
    }
}
