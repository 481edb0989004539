using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;

namespace Fer.MLNet.Catalogs;

/// <summary>Scoring ONNX models (ML.NET's ApplyOnnxModel).</summary>
public sealed partial class TransformsCatalog
{
    /// <summary>
    /// Runs the ONNX model in <paramref name="modelFile"/> on the vector column <paramref name="inputColumnName"/>
    /// (default: the graph's only input's name) and writes its output (the only one, or the one named
    /// <paramref name="outputColumnName"/>) to <paramref name="outputColumnName"/>, in batches.
    /// </summary>
    public TrivialEstimator<OnnxTransformer> ApplyOnnxModel(string outputColumnName, string modelFile, string? inputColumnName = null)
        => new(new OnnxTransformer(new OnnxTransformer.Options { OutputColumnNames = [outputColumnName], ModelFile = modelFile, InputColumnNames = inputColumnName is null ? null : [inputColumnName] }));

    /// <summary>Runs the ONNX model in <paramref name="modelFile"/>: columns named as the graph's outputs and inputs (ML.NET's rule).</summary>
    public TrivialEstimator<OnnxTransformer> ApplyOnnxModel(string[] outputColumnNames, string[] inputColumnNames, string modelFile)
        => new(new OnnxTransformer(new OnnxTransformer.Options { OutputColumnNames = outputColumnNames, InputColumnNames = inputColumnNames, OnnxOutputNames = outputColumnNames, OnnxInputNames = inputColumnNames, ModelFile = modelFile }));

    /// <summary>Runs an ONNX model as <paramref name="options"/> say (names, custom input shapes, batch size, bytes instead of a file).</summary>
    public TrivialEstimator<OnnxTransformer> ApplyOnnxModel(OnnxTransformer.Options options) => new(new OnnxTransformer(options));
}
