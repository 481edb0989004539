namespace Fer.Tensors.Optim;

/// <summary>
/// A snapshot of an optimizer for checkpoints (PyTorch's optimizer state_dict): per-group
/// hyperparameters and per-parameter state keyed by the parameter's global index. Parameters that
/// never received a gradient have no entry.
/// </summary>
/// <param name="Kind">The optimizer kind ("SGD", "Adam", "AdamW"); loading into another kind is an error.</param>
/// <param name="Groups">One entry per parameter group, in order.</param>
/// <param name="State">Per-parameter state by global parameter index.</param>
public sealed record OptimizerStateDict(string Kind, IReadOnlyList<ParameterGroupState> Groups, IReadOnlyDictionary<int, ParameterState> State);
