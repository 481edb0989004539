namespace Fer.Tensors.Tests.Convolution;

/// <summary>Tests that change the global thread count; they run alone so no other test sees the change.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadCountCollection
{
    public const string Name = "Global thread count";
}
