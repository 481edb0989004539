using System.Text.Json.Nodes;
using Fer.MLNet.Onnx.Export.Models;

namespace Fer.MLNet.Interop;

/// <summary>Nodes put between the graph input and the network (the normalisation ML.NET's pixel extractor cannot do).</summary>
/// <param name="InputShape">The graph input's shape.</param>
/// <param name="Build">Adds the nodes; returns the network's input.</param>
/// <param name="Describe">The preprocessing the graph input needs, as JSON, from the network's own preprocessing.</param>
internal sealed record InputAdapter(int[] InputShape, Func<ModuleExportContext, GraphValue, GraphValue> Build, Func<ImagePreprocessing?, JsonObject?> Describe);
