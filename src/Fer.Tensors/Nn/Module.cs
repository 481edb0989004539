using System.Text.RegularExpressions;

namespace Fer.Tensors.Nn;

/// <summary>
/// A layer or network with named parameters, buffers and child modules, named with PyTorch's
/// dotted convention ("layer1.0.conv1.weight"), so state dicts map one to one onto torchvision's.
/// Subclasses register what they own in their constructor and implement <see cref="Forward"/>.
/// </summary>
public abstract partial class Module
{
    private readonly List<(string Name, Tensor? Value)> parameters = [];
    private readonly List<(string Name, Tensor? Value)> buffers = [];
    private readonly List<(string Name, Module Value)> children = [];

    /// <summary>True in training mode (dropout active, batch norm uses batch statistics); see <see cref="Train"/>/<see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the module's output; shapes are documented per module.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Calls <see cref="Forward"/>.</summary>
    public Tensor Call(Tensor input) => Forward(input);

    /// <summary>Registers a learnable tensor (RequiresGrad is set) under <paramref name="name"/>.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckNewName(name);
        value.RequiresGrad = true;
        Memory.TensorScope.Unpool(value);
        parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers an optional parameter slot (e.g. a bias that may be absent).</summary>
    protected Tensor? RegisterOptionalParameter(string name, Tensor? value)
    {
        CheckNewName(name);
        if (value is not null)
        {
            value.RequiresGrad = true;
            Memory.TensorScope.Unpool(value);
        }
        parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a non-learnable tensor saved in the state dict (e.g. running statistics).</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckNewName(name);
        Memory.TensorScope.Unpool(value);
        buffers.Add((name, value));
        return value;
    }

    /// <summary>Registers a child module under <paramref name="name"/>.</summary>
    protected TModule RegisterModule<TModule>(string name, TModule module)
        where TModule : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckNewName(name);
        children.Add((name, module));
        return module;
    }

    /// <summary>Direct children with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => children.Select(c => (c.Name, c.Value));

    /// <summary>
    /// Every module in the tree (this one first, depth-first in registration order) with its dotted
    /// prefix ("" for this one). A module registered under several names is listed once, under its
    /// first name, as PyTorch's named_modules.
    /// </summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var item in WalkModules(prefix))
            if (seen.Add(item.Module)) yield return item;
    }

    /// <summary>Every parameter in the tree with its dotted name, in registration order; a shared tensor is listed once, under its first name.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, value) in module.parameters)
                if (value is not null && seen.Add(value)) yield return (Join(prefix, name), value);
    }

    /// <summary>Every parameter in the tree.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Parameters that currently require grad (not frozen).</summary>
    public IEnumerable<Tensor> TrainableParameters() => Parameters().Where(p => p.RequiresGrad);

    /// <summary>Every buffer in the tree with its dotted name; a shared tensor is listed once, under its first name.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, value) in module.buffers)
                if (value is not null && seen.Add(value)) yield return (Join(prefix, name), value);
    }

    /// <summary>Every module under every name it is registered with (state dicts list shared modules under each name, as PyTorch).</summary>
    private IEnumerable<(string Name, Module Module)> WalkModules(string prefix)
    {
        yield return (prefix, this);
        foreach (var (name, child) in children)
            foreach (var item in child.WalkModules(Join(prefix, name)))
                yield return item;
    }

    /// <summary>Switches this module and all children to training mode.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var (_, m) in NamedModules()) m.IsTraining = mode;
        return this;
    }

    /// <summary>Switches this module and all children to evaluation mode.</summary>
    public Module Eval() => Train(false);

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (Tensor p in Parameters()) p.Grad = null;
    }

    /// <summary>Stops (or restarts) gradient flow into every parameter of this module.</summary>
    public Module Freeze(bool frozen = true)
    {
        foreach (Tensor p in Parameters()) p.RequiresGrad = !frozen;
        return this;
    }

    /// <summary>Number of parameter elements (all, or only trainable ones).</summary>
    public long ParameterCount(bool trainableOnly = false)
        => (trainableOnly ? TrainableParameters() : Parameters()).Sum(p => (long)p.ElementCount);

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!ValidName().IsMatch(name)) throw new ArgumentException($"Invalid member name '{name}': use letters, digits and underscores.", nameof(name));
        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}.", nameof(name));
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex ValidName();
}
