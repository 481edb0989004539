namespace Fer.Tensors.Optim;

public abstract partial class Optimizer
{
    /// <summary>
    /// A snapshot of the hyperparameters of every group and the state of every parameter that has
    /// been updated, keyed by global parameter index (numbered across groups in order, as PyTorch).
    /// Buffers are copies: later steps do not change the snapshot.
    /// </summary>
    public OptimizerStateDict StateDict()
    {
        var groupStates = new List<ParameterGroupState>(groups.Count);
        var state = new Dictionary<int, ParameterState>();
        int index = 0;
        foreach (ParameterGroup g in groups)
        {
            var indices = new int[g.Parameters.Count];
            for (int i = 0; i < indices.Length; i++, index++)
            {
                indices[i] = index;
                Tensor p = g.Parameters[i];
                if (!slots.TryGetValue(p, out ParameterSlots? s)) continue;
                var buffers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                for (int b = 0; b < BufferNames.Count; b++)
                    if (s.Buffers[b] is { } data) buffers[BufferNames[b]] = Tensor.FromArray(data, p.ShapeArray);
                state[index] = new ParameterState(s.Step, buffers);
            }
            groupStates.Add(new ParameterGroupState(indices, g.LearningRate, g.WeightDecay, g.Momentum, g.Beta1, g.Beta2, g.InitialLearningRate));
        }
        return new OptimizerStateDict(Kind, groupStates, state);
    }

    /// <summary>
    /// Restores hyperparameters and per-parameter state saved by <see cref="StateDict"/> from an
    /// optimizer over the same parameters (same groups, counts and shapes). Buffers are copied.
    /// Everything is checked before anything changes.
    /// </summary>
    /// <exception cref="ArgumentException">The kind, group count, group sizes, indices, buffer names, shapes or values do not match; the message names the first fault.</exception>
    public void LoadStateDict(OptimizerStateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        if (stateDict.Kind != Kind)
            throw new ArgumentException($"Optimizer state is for '{stateDict.Kind}' but this optimizer is '{Kind}'.", nameof(stateDict));
        if (stateDict.Groups is null || stateDict.State is null)
            throw new ArgumentException("Optimizer state has no groups or no state.", nameof(stateDict));
        if (stateDict.Groups.Count != groups.Count)
            throw new ArgumentException($"Optimizer state has {stateDict.Groups.Count} parameter groups; this optimizer has {groups.Count}.", nameof(stateDict));

        var parameters = new List<Tensor>();
        for (int g = 0; g < groups.Count; g++)
        {
            ParameterGroupState saved = stateDict.Groups[g] ?? throw new ArgumentException($"Parameter group {g} is null.", nameof(stateDict));
            if (saved.ParameterIndices is null || saved.ParameterIndices.Count != groups[g].Parameters.Count)
                throw new ArgumentException($"Parameter group {g} has {saved.ParameterIndices?.Count ?? 0} parameters in the state but {groups[g].Parameters.Count} in this optimizer.", nameof(stateDict));
            for (int i = 0; i < saved.ParameterIndices.Count; i++)
                if (saved.ParameterIndices[i] != parameters.Count + i)
                    throw new ArgumentException($"Parameter group {g} lists index {saved.ParameterIndices[i]} at position {i}; expected {parameters.Count + i}.", nameof(stateDict));
            if (BadHyperparameter(saved) is { } bad)
                throw new ArgumentException($"Parameter group {g} has an invalid {bad}.", nameof(stateDict));
            parameters.AddRange(groups[g].Parameters);
        }

        var restored = new Dictionary<Tensor, ParameterSlots>(ReferenceEqualityComparer.Instance);
        foreach (var (index, saved) in stateDict.State)
        {
            if ((uint)index >= (uint)parameters.Count)
                throw new ArgumentException($"Optimizer state names parameter {index}, but there are {parameters.Count} parameters.", nameof(stateDict));
            if (saved is null || saved.Buffers is null) throw new ArgumentException($"State of parameter {index} is null.", nameof(stateDict));
            if (saved.Step < 0) throw new ArgumentException($"State of parameter {index} has a negative step count {saved.Step}.", nameof(stateDict));
            Tensor p = parameters[index];
            var s = new ParameterSlots(BufferNames.Count) { Step = saved.Step };
            foreach (var (name, value) in saved.Buffers)
            {
                int b = IndexOfBuffer(name);
                if (b < 0)
                    throw new ArgumentException($"State of parameter {index} has buffer '{name}', which {Kind} does not use (expected {string.Join(", ", BufferNames)}).", nameof(stateDict));
                if (value is null || !value.ShapeEquals(p))
                    throw new ArgumentException($"Buffer '{name}' of parameter {index} has shape {(value is null ? "null" : Tensor.FormatShape(value.Shape))}; the parameter has shape {Tensor.FormatShape(p.Shape)}.", nameof(stateDict));
                s.Buffers[b] = value.ToArray();
            }
            restored.Add(p, s);
        }

        for (int g = 0; g < groups.Count; g++)
        {
            ParameterGroupState saved = stateDict.Groups[g];
            ParameterGroup group = groups[g];
            group.LearningRate = saved.LearningRate;
            group.WeightDecay = saved.WeightDecay;
            group.Momentum = saved.Momentum;
            group.Beta1 = saved.Beta1;
            group.Beta2 = saved.Beta2;
            group.InitialLearningRate = saved.InitialLearningRate;
        }
        slots.Clear();
        foreach (var (p, s) in restored) slots.Add(p, s);
    }

    private int IndexOfBuffer(string name)
    {
        for (int i = 0; i < BufferNames.Count; i++)
            if (BufferNames[i] == name) return i;
        return -1;
    }

    private static string? BadHyperparameter(ParameterGroupState s)
    {
        static bool NonNegative(double v) => double.IsFinite(v) && v >= 0;
        static bool Beta(double v) => v >= 0 && v < 1;
        return !NonNegative(s.LearningRate) ? $"learning rate {s.LearningRate}"
            : !NonNegative(s.WeightDecay) ? $"weight decay {s.WeightDecay}"
            : !NonNegative(s.Momentum) ? $"momentum {s.Momentum}"
            : !Beta(s.Beta1) ? $"beta1 {s.Beta1}"
            : !Beta(s.Beta2) ? $"beta2 {s.Beta2}"
            : s.InitialLearningRate is { } ilr && !NonNegative(ilr) ? $"initial learning rate {ilr}"
            : null;
    }
}
