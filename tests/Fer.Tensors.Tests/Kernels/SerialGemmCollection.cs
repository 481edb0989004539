namespace Fer.Tensors.Tests.Kernels;

/// <summary>Tests that must not overlap other tests (they observe process-wide pools).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class SerialGemmCollection
{
    public const string Name = "GEMM, run alone";
}
