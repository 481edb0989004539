namespace Fer.MLNet.Tests.Support;

/// <summary>Tests that change <see cref="Fer.MLNet.Data.MappedDataView.BlockSize"/> (process-wide) run alone.</summary>
[CollectionDefinition(nameof(BlockSizeCollection), DisableParallelization = true)]
public sealed class BlockSizeCollection;
