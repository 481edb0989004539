namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>One output of an exported scorer: its graph output name (also the column it becomes), the value, a description and optional slot names.</summary>
/// <param name="Name">The graph output name, e.g. "Score".</param>
/// <param name="Value">The value computed for it.</param>
/// <param name="Description">What it holds, for the model's metadata.</param>
/// <param name="SlotNames">Names of the vector's entries (class names of a Score), or null.</param>
public sealed record ScorerOutput(string Name, GraphValue Value, string Description, IReadOnlyList<string>? SlotNames = null);
