using System.Text.Json;
using Fer.MLNet.Interop;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime;

namespace Fer.MLNet.Transforms;

/// <summary>
/// How the columns of an <see cref="OnnxTransformer"/> map onto its graph's inputs and outputs, and
/// the tensor shape of one row of each. Rows are stacked along the batch dimension when every input's
/// only free dimension is the first and every output's first dimension is free too; otherwise each
/// row runs alone with free dimensions set to 1 (as ML.NET's OnnxTransformer does).
/// </summary>
internal sealed class OnnxBindings
{
    private OnnxBindings(Input[] inputs, Output[] outputs, bool batched)
    {
        Inputs = inputs;
        Outputs = outputs;
        Batched = batched;
    }

    public Input[] Inputs { get; }

    public Output[] Outputs { get; }

    /// <summary>True when rows can be stacked along dimension 0.</summary>
    public bool Batched { get; }

    public sealed record Input(string Column, string Graph, int[] RowShape, int Size);

    public sealed record Output(string Column, string Graph, int[]? RowDims, IReadOnlyList<string>? SlotNames);

    public static OnnxBindings Create(OnnxGraphRunner runner, OnnxTransformer.Options o, string source)
    {
        OnnxModel model = runner.Model;
        string[] outputColumns = o.OutputColumnNames ?? throw new ArgumentException("OutputColumnNames is required.", nameof(o));
        if (outputColumns.Length == 0) throw new ArgumentException("At least one output column is needed.", nameof(o));
        string[] graphOutputs = o.OnnxOutputNames ?? (runner.OutputNames.Count == 1 && outputColumns.Length == 1 ? [runner.OutputNames[0]] : outputColumns);
        string[] inputColumns = o.InputColumnNames ?? [.. runner.InputNames];
        string[] graphInputs = o.OnnxInputNames ?? (runner.InputNames.Count == 1 && inputColumns.Length == 1 ? [runner.InputNames[0]] : inputColumns);
        Same(outputColumns, graphOutputs, "OutputColumnNames", "OnnxOutputNames");
        Same(inputColumns, graphInputs, "InputColumnNames", "OnnxInputNames");
        foreach (string g in graphOutputs)
        {
            if (!runner.OutputNames.Contains(g))
                throw new ArgumentException($"ApplyOnnxModel: '{g}' is not an output of {source}; its outputs are: {string.Join(", ", runner.OutputNames)}.", nameof(o));
        }
        if (graphInputs.Length != runner.InputNames.Count || runner.InputNames.Any(n => !graphInputs.Contains(n)))
            throw new ArgumentException($"ApplyOnnxModel: every input of {source} needs a column; its inputs are: {string.Join(", ", runner.InputNames)}; given: {string.Join(", ", graphInputs)}.", nameof(o));
        if (outputColumns.Distinct(StringComparer.Ordinal).Count() != outputColumns.Length)
            throw new ArgumentException($"ApplyOnnxModel: output columns repeat: {string.Join(", ", outputColumns)}.", nameof(o));

        var inputs = new Input[graphInputs.Length];
        bool batched = true;
        for (int i = 0; i < inputs.Length; i++)
        {
            ValueInfoProto info = model.Inputs.Single(v => v.Name == graphInputs[i]);
            int[]? declared = o.InputShapes is { } custom && custom.TryGetValue(graphInputs[i], out int[]? given) ? given : Dims(info.Shape);
            if (declared is null)
                throw new ArgumentException($"ApplyOnnxModel: input '{graphInputs[i]}' of {source} declares no shape; give one in Options.InputShapes.", nameof(o));
            batched &= declared.Length > 0 && declared[0] < 0 && declared.Skip(1).All(d => d >= 0);
            int[] row = [.. declared.Select(d => d < 0 ? 1 : d)];
            inputs[i] = new Input(inputColumns[i], graphInputs[i], row, checked(row.Aggregate(1, (p, d) => p * d)));
        }
        var outputs = new Output[graphOutputs.Length];
        for (int k = 0; k < outputs.Length; k++)
        {
            int[]? dims = runner.OutputShapes[runner.OutputNames.ToList().IndexOf(graphOutputs[k])];
            batched &= dims is { Length: > 0 } && dims[0] < 0;
            outputs[k] = new Output(outputColumns[k], graphOutputs[k], dims, SlotNames(model, graphOutputs[k]));
        }
        // Row dimensions of each output: without the batch when batched, free dimensions as 1 otherwise.
        for (int k = 0; k < outputs.Length; k++)
        {
            int[]? dims = outputs[k].RowDims;
            int[]? row = dims is null ? null : batched ? dims[1..] : [.. dims.Select(d => d < 0 ? 1 : d)];
            if (row is not null && row.Any(d => d < 0)) row = null;
            outputs[k] = outputs[k] with { RowDims = row };
        }
        return new OnnxBindings(inputs, outputs, batched);
    }

    private static int[]? Dims(TensorShapeProto? shape) =>
        shape is null ? null : [.. shape.Dims.Select(d => d.Value is { } v ? checked((int)v) : -1)];

    private static IReadOnlyList<string>? SlotNames(OnnxModel model, string output)
    {
        if (!model.Metadata.TryGetValue(OnnxMetadataKeys.SlotNamesPrefix + output, out string? json)) return null;
        try
        {
            return JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException)
        {
            return null; // names are a convenience; a bad entry is ignored rather than refusing the model
        }
    }

    private static void Same(string[] columns, string[] graph, string columnsName, string graphName)
    {
        if (columns.Length != graph.Length)
            throw new ArgumentException($"ApplyOnnxModel: {columnsName} has {columns.Length} names but {graphName} has {graph.Length}.");
        foreach (string n in columns.Concat(graph))
            if (string.IsNullOrWhiteSpace(n)) throw new ArgumentException($"ApplyOnnxModel: {columnsName} and {graphName} must not hold empty names.");
    }
}
