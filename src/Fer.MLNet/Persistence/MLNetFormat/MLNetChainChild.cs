namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>A child of a transformer chain: the scope it runs in and the component (which may itself be a chain).</summary>
/// <param name="Scope">When ML.NET applies the child.</param>
/// <param name="Node">The child component, from folder <c>Transform_NNN</c>.</param>
public sealed record MLNetChainChild(MLNetTransformerScope Scope, MLNetNode Node);
