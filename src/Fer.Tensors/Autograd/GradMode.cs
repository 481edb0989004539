namespace Fer.Tensors.Autograd;

/// <summary>
/// Whether operations record the autograd graph on the current thread. Use
/// <c>using (GradMode.NoGrad()) { ... }</c> for inference and optimizer updates.
/// </summary>
public static class GradMode
{
    [ThreadStatic] private static int disabledDepth;

    /// <summary>True when operations on the current thread record gradients.</summary>
    public static bool IsEnabled => disabledDepth == 0;

    /// <summary>Disables graph recording on this thread until the returned scope is disposed. Scopes nest.</summary>
    public static NoGradScope NoGrad()
    {
        disabledDepth++;
        return new NoGradScope(active: true);
    }

    internal static void Exit() => disabledDepth--;
}
