namespace Fer.Tensors.Nn;

/// <summary>
/// A list of modules registered as children "0", "1", ... with no forward of its own (the owner
/// decides how to call them), as PyTorch's ModuleList.
/// </summary>
public sealed class ModuleList : Module, IReadOnlyList<Module>
{
    private readonly List<Module> items = [];

    /// <summary>Creates a list of the given modules.</summary>
    public ModuleList(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (Module m in modules) Add(m);
    }

    /// <inheritdoc />
    public int Count => items.Count;

    /// <inheritdoc />
    public Module this[int index] => items[index];

    /// <summary>Adds a module at the end.</summary>
    public void Add(Module module)
    {
        RegisterModule(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        items.Add(module);
    }

    /// <summary>A ModuleList has no forward; call its items.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor Forward(Tensor input) => throw new NotSupportedException("ModuleList has no Forward: call its items.");

    /// <inheritdoc />
    public IEnumerator<Module> GetEnumerator() => items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
