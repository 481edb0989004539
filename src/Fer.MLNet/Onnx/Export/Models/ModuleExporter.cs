using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// Adds the ONNX nodes that compute <paramref name="module"/>'s inference output (evaluation mode:
/// dropout off, batch norm on running statistics) from <paramref name="input"/>, and returns the
/// output value. Children are exported through <see cref="ModuleExportContext.Export"/>.
/// </summary>
/// <exception cref="ArgumentException">The input shape does not fit the module.</exception>
/// <exception cref="NotSupportedException">A setting of the module has no ONNX form.</exception>
public delegate GraphValue ModuleExporter<in TModule>(ModuleExportContext context, TModule module, GraphValue input)
    where TModule : Module;
