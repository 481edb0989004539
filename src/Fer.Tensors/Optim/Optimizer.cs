using Fer.Tensors.Autograd;

namespace Fer.Tensors.Optim;

/// <summary>
/// Base of the optimizers: parameter groups with their own hyperparameters, an in-place
/// <see cref="Step"/> that follows PyTorch 1.13's update formulas, <see cref="ZeroGrad"/>, and
/// state save/load for checkpoints. Parameters whose <see cref="Tensor.Grad"/> is null are skipped
/// (and get no state). Steps allocate nothing after the first one (state buffers and two scratch
/// buffers are created on first use).
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<ParameterGroup> groups = [];
    private readonly Dictionary<Tensor, ParameterSlots> slots = new(ReferenceEqualityComparer.Instance);
    private readonly GroupDefaults defaults;
    private float[] scratchA = [];
    private float[] scratchB = [];

    private protected Optimizer(IEnumerable<Tensor> parameters, GroupDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.defaults = defaults;
        AddParameterGroup(new ParameterGroup(parameters));
    }

    private protected Optimizer(IEnumerable<ParameterGroup> parameterGroups, GroupDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(parameterGroups);
        this.defaults = defaults;
        foreach (ParameterGroup g in parameterGroups) AddParameterGroup(g);
        if (groups.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter group.", nameof(parameterGroups));
    }

    /// <summary>Default hyperparameters given to groups that leave them unset.</summary>
    private protected readonly record struct GroupDefaults(double LearningRate, double WeightDecay, double Momentum, double Beta1, double Beta2);

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups => groups;

    /// <summary>The kind written into state dicts ("SGD", "Adam", "AdamW").</summary>
    public abstract string Kind { get; }

    /// <summary>Names of the per-parameter state buffers (PyTorch's names).</summary>
    private protected abstract IReadOnlyList<string> BufferNames { get; }

    /// <summary>Adds a group (e.g. layers unfrozen later); unset options take the defaults.</summary>
    /// <exception cref="ArgumentException">A parameter already belongs to another group.</exception>
    public void AddParameterGroup(ParameterGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (ParameterGroup existing in groups)
        {
            if (ReferenceEquals(existing, group)) throw new ArgumentException("This parameter group is already in the optimizer.", nameof(group));
            foreach (Tensor p in group.Parameters)
                if (existing.Parameters.Contains(p, ReferenceEqualityComparer.Instance))
                    throw new ArgumentException($"A parameter (shape {Tensor.FormatShape(p.Shape)}) appears in more than one parameter group.", nameof(group));
        }
        group.FillDefaults(defaults.LearningRate, defaults.WeightDecay, defaults.Momentum, defaults.Beta1, defaults.Beta2);
        groups.Add(group);
    }

    /// <summary>
    /// Applies one update to every parameter that has a gradient, in place, without recording a graph.
    /// Everything is checked before any parameter changes.
    /// </summary>
    /// <exception cref="InvalidOperationException">A gradient's shape differs from its parameter's, or a group's options are inconsistent.</exception>
    public void Step()
    {
        // Index loops: enumerating IReadOnlyList through its interface would allocate every step.
        int index = 0;
        for (int gi = 0; gi < groups.Count; gi++)
        {
            ParameterGroup group = groups[gi];
            ValidateGroup(group);
            IReadOnlyList<Tensor> parameters = group.Parameters;
            for (int pi = 0; pi < parameters.Count; pi++, index++)
            {
                Tensor p = parameters[pi];
                if (p.Grad is { } grad && !grad.ShapeEquals(p))
                    throw new InvalidOperationException($"Parameter {index} has shape {Tensor.FormatShape(p.Shape)} but its gradient has shape {Tensor.FormatShape(grad.Shape)}.");
            }
        }

        using NoGradScope _ = GradMode.NoGrad();
        for (int gi = 0; gi < groups.Count; gi++)
        {
            ParameterGroup group = groups[gi];
            IReadOnlyList<Tensor> parameters = group.Parameters;
            for (int pi = 0; pi < parameters.Count; pi++)
            {
                Tensor p = parameters[pi];
                Tensor? grad = p.Grad;
                if (grad is null) continue;
                if (!grad.IsContiguous) grad = grad.CloneData(); // the only allocation after the first step, for strided gradients
                if (!slots.TryGetValue(p, out ParameterSlots? s))
                {
                    s = new ParameterSlots(BufferNames.Count);
                    slots.Add(p, s);
                }
                Update(group, p.AsSpan(), grad.AsReadOnlySpan(), s);
            }
        }
    }

    /// <summary>
    /// Clears the gradients of all parameters: sets them to null (the default, as PyTorch 2 and
    /// <see cref="Nn.Module.ZeroGrad"/>), or fills them with zeros (PyTorch 1.13's default), which keeps
    /// the buffers and still lets momentum and weight decay move the parameters on the next step.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (ParameterGroup group in groups)
            foreach (Tensor p in group.Parameters)
            {
                if (p.Grad is null) continue;
                if (setToNone) p.Grad = null;
                else p.Grad.Detach().FillInPlace(0f);
            }
    }

    /// <summary>Checks a group's options before a step changes anything; throws <see cref="InvalidOperationException"/>.</summary>
    private protected virtual void ValidateGroup(ParameterGroup group)
    {
    }

    /// <summary>Updates one parameter in place from its gradient and state.</summary>
    private protected abstract void Update(ParameterGroup group, Span<float> parameter, ReadOnlySpan<float> gradient, ParameterSlots state);

    /// <summary>A scratch span of <paramref name="length"/> floats (two independent ones, index 0 or 1), reused across steps.</summary>
    private protected Span<float> Scratch(int which, int length)
    {
        ref float[] buffer = ref which == 0 ? ref scratchA : ref scratchB;
        if (buffer.Length < length) buffer = new float[length];
        return buffer.AsSpan(0, length);
    }

    /// <summary>The state buffer <paramref name="index"/> of a parameter, created zero-filled on first use.</summary>
    private protected static float[] Buffer(ParameterSlots state, int index, int length)
        => state.Buffers[index] ??= new float[length];
}
