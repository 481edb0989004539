namespace Fer.Tensors.Autograd;

/// <summary>A scope in which no autograd graph is recorded on the current thread; see <see cref="GradMode.NoGrad"/>.</summary>
public readonly struct NoGradScope : IDisposable
{
    private readonly bool active;

    internal NoGradScope(bool active) => this.active = active;

    /// <summary>Re-enables recording (unless an outer scope is still open).</summary>
    public void Dispose()
    {
        if (active) GradMode.Exit();
    }
}
