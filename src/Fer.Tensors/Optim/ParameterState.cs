namespace Fer.Tensors.Optim;

/// <summary>
/// The saved state of one parameter in an <see cref="OptimizerStateDict"/>: its step count and its
/// buffers by PyTorch's names ("momentum_buffer", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"), each
/// with the parameter's shape.
/// </summary>
/// <param name="Step">Updates applied so far (used by Adam's bias correction; 0 for SGD).</param>
/// <param name="Buffers">Buffers by name; tensors are copies owned by this object.</param>
public sealed record ParameterState(long Step, IReadOnlyDictionary<string, Tensor> Buffers);
