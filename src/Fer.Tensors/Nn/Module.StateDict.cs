using Fer.Tensors.Autograd;

namespace Fer.Tensors.Nn;

public abstract partial class Module
{
    /// <summary>
    /// Parameters and buffers by dotted name, in registration order (parameters of a module before
    /// its buffers, as PyTorch; a shared module appears under each of its names). The tensors share
    /// storage with the module: copy before mutating.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (prefix, module) in WalkModules(""))
        {
            foreach (var (name, value) in module.parameters)
                if (value is not null) dict[Join(prefix, name)] = value.Detach();
            foreach (var (name, value) in module.buffers)
                dict[Join(prefix, name)] = value!.Detach();
        }
        return dict;
    }

    /// <summary>
    /// Copies values into this module's parameters and buffers (in place, so optimizers keep their
    /// references). Shapes must match exactly. With <paramref name="strict"/>, missing and unexpected
    /// names are errors; otherwise they are returned.
    /// </summary>
    /// <exception cref="ArgumentException">A shape differs, or (strict) names are missing or unexpected; the message lists them. Nothing is copied then.</exception>
    public (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.FirstOrDefault(kv => kv.Value is null) is { Key: not null } nullEntry)
            throw new ArgumentException($"State dict entry '{nullEntry.Key}' is null.", nameof(state));
        IReadOnlyDictionary<string, Tensor> own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var mismatched = own.Where(kv => state.TryGetValue(kv.Key, out var v) && !v.ShapeEquals(kv.Value))
            .Select(kv => $"{kv.Key}: expected {Tensor.FormatShape(kv.Value.Shape)}, got {Tensor.FormatShape(state[kv.Key].Shape)}").ToList();
        if (mismatched.Count > 0)
            throw new ArgumentException($"State dict shapes do not match {GetType().Name}: {string.Join("; ", mismatched)}.", nameof(state));
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new ArgumentException(
                $"State dict does not match {GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}].", nameof(state));
        using (GradMode.NoGrad())
        {
            foreach (var (name, target) in own)
                if (state.TryGetValue(name, out Tensor? source)) target.CopyInPlace(source);
        }
        return (missing, unexpected);
    }
}
