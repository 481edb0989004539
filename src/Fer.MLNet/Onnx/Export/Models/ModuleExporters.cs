using System.Collections.Concurrent;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// The ONNX exporters of module types, keyed by type: the layers of Fer.Tensors (Conv2d,
/// BatchNorm1d/2d, ReLU, LeakyReLU, PReLU, Sigmoid, Tanh, Softmax, LogSoftmax, MaxPool2d,
/// AvgPool2d, AdaptiveAvgPool2d, Flatten, Linear, Dropout, Identity, Sequential) and the composite
/// networks of Fer.Trainers (ResNet and its BasicBlock, VggNet, MobileFaceNet and its Bottleneck,
/// LinearHead, ExpressionNetwork). An application registers exporters for its own modules.
/// A type without an exporter of its own uses the exporter of its nearest registered base type.
/// </summary>
public static class ModuleExporters
{
    private static readonly ConcurrentDictionary<Type, Func<ModuleExportContext, Module, GraphValue, GraphValue>> Exporters = new();

    static ModuleExporters()
    {
        LayerExporters.RegisterAll();
        BackboneExporters.RegisterAll();
    }

    /// <summary>Registers (or replaces) the exporter of <typeparamref name="TModule"/>.</summary>
    public static void Register<TModule>(ModuleExporter<TModule> exporter)
        where TModule : Module
    {
        ArgumentNullException.ThrowIfNull(exporter);
        Exporters[typeof(TModule)] = (context, module, input) => exporter(context, (TModule)module, input);
    }

    /// <summary>The module types with an exporter, by name.</summary>
    public static IReadOnlyList<string> SupportedTypes => [.. Exporters.Keys.Select(t => t.Name).Order(StringComparer.Ordinal)];

    /// <summary>True when modules of <paramref name="type"/> can be exported.</summary>
    public static bool IsSupported(Type type) => Find(type) is not null;

    /// <summary>
    /// Exports <paramref name="module"/> as a whole: input <see cref="SequentialExportOptions.InputName"/>
    /// [N, sample shape...], output <see cref="SequentialExportOptions.OutputName"/>, inference behaviour.
    /// Returns the builder (add metadata, then ToBytes or Save).
    /// </summary>
    /// <exception cref="NotSupportedException">A module has no exporter or a setting has no ONNX form (the message names its path).</exception>
    /// <exception cref="ArgumentException">The sample shape does not fit the modules (the message names the module).</exception>
    public static OnnxGraphBuilder Build(Module module, int[] sampleShape, SequentialExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(sampleShape);
        options ??= new SequentialExportOptions();
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"sampleShape {GraphValue.Describe(sampleShape)} must have positive dimensions.", nameof(sampleShape));
        var builder = new OnnxGraphBuilder("FerMLNet." + module.GetType().Name, options.OpsetVersion);
        var context = new ModuleExportContext(builder, options.FoldBatchNorm);
        int[] shape = [-1, .. sampleShape];
        var x = new GraphValue(builder.AddInput(options.InputName, shape), shape);
        GraphValue y;
        using (Fer.Tensors.Autograd.GradMode.NoGrad()) y = context.Export(module, module.GetType().Name, x);
        builder.AddNode("Identity", [y.Name], [options.OutputName], "output");
        builder.AddOutput(options.OutputName, y.Shape);
        foreach (var (k, v) in options.Metadata ?? new Dictionary<string, string>()) builder.AddMetadata(k, v);
        return builder;
    }

    internal static Func<ModuleExportContext, Module, GraphValue, GraphValue>? Find(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (Exporters.TryGetValue(t, out var exporter)) return exporter;
        }
        return null;
    }
}
