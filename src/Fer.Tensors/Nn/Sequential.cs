using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>Modules applied in order; children are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> layers = [];

    /// <summary>Creates a chain of the given modules.</summary>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (Module m in modules) Append(m);
    }

    /// <summary>Number of modules.</summary>
    public int Count => layers.Count;

    /// <summary>The module at <paramref name="index"/>.</summary>
    public Module this[int index] => layers[index];

    /// <summary>Adds a module at the end.</summary>
    public Sequential Append(Module module)
    {
        RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (Module m in layers) x = m.Forward(x);
        return x;
    }

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        InferenceValue x = input;
        foreach (Module m in layers) x = m.Describe(graph, x);
        return x;
    }
}
