using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Tensors;
using Fer.Trainers.Backbones;
using Fer.Trainers.GcnMultitask;

namespace Fer.MLNet.Trainers.GcnMultitask;

/// <summary>
/// Scores rows with a trained GCN multi-task model: reads the input column ([C, H, W] pixels or an
/// [F] feature vector) and writes <c>Score</c> (class probabilities, class names as slot names),
/// <c>PredictedLabel</c> (0-based Int32, class names as key values), <c>PredictedValence</c> and
/// <c>PredictedArousal</c> (Single; named apart from the <c>Valence</c>/<c>Arousal</c> truth columns so
/// both survive for <c>fer.Evaluate.ValenceArousal</c>), and optionally <c>Features</c>. Rows are
/// scored in batches; the transformer is thread-safe.
/// </summary>
public sealed class GcnMultitaskTransformer : RowMappingTransformer
{
    private readonly GcnMapper mapper;

    /// <summary>Wraps a trained model.</summary>
    public GcnMultitaskTransformer(GcnMultitaskModel model, string inputColumnName = "Pixels", string predictedValenceColumnName = "PredictedValence",
        string predictedArousalColumnName = "PredictedArousal", bool outputFeatures = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(predictedValenceColumnName);
        ArgumentException.ThrowIfNullOrEmpty(predictedArousalColumnName);
        Model = model;
        InputColumnName = inputColumnName;
        PredictedValenceColumnName = predictedValenceColumnName;
        PredictedArousalColumnName = predictedArousalColumnName;
        OutputFeatures = outputFeatures;
        mapper = new GcnMapper(this);
    }

    /// <summary>The trained model.</summary>
    public GcnMultitaskModel Model { get; }

    /// <summary>The input column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The predicted-valence column written.</summary>
    public string PredictedValenceColumnName { get; }

    /// <summary>The predicted-arousal column written.</summary>
    public string PredictedArousalColumnName { get; }

    /// <summary>True when a <c>Features</c> column is written too.</summary>
    public bool OutputFeatures { get; }

    /// <inheritdoc />
    public override string Kind => "GcnMultitask";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState()
    {
        GcnMultitaskLayout l = Model.Layout;
        return new(new JsonObject
        {
            ["featureInput"] = l.FeatureInput,
            ["inChannels"] = l.InChannels,
            ["inputSize"] = l.InputSize,
            ["featureSize"] = l.FeatureSize,
            ["backbone"] = l.Backbone.ToString(),
            ["backboneWidth"] = l.BackboneWidth,
            ["head"] = l.Head.ToString(),
            ["classes"] = new JsonArray([.. l.ClassNames.Select(n => (JsonNode)n)]),
            ["nodeInputSize"] = l.NodeInputSize,
            ["hiddenSize"] = l.HiddenSize,
            ["negativeSlope"] = l.NegativeSlope,
            ["fixedNodeInputs"] = l.FixedNodeInputs,
            ["inputColumnName"] = InputColumnName,
            ["predictedValenceColumnName"] = PredictedValenceColumnName,
            ["predictedArousalColumnName"] = PredictedArousalColumnName,
            ["outputFeatures"] = OutputFeatures,
        }, Model.Network.StateDict());
    }

    internal static GcnMultitaskTransformer Load(TransformerState s)
    {
        if (!Enum.TryParse(s.Get<string>("backbone"), out BackboneKind backbone) || !Enum.IsDefined(backbone))
            throw new FormatException($"Unknown backbone '{s.Get<string>("backbone")}'.");
        if (!Enum.TryParse(s.Get<string>("head"), out MultitaskHeadKind head) || !Enum.IsDefined(head))
            throw new FormatException($"Unknown head '{s.Get<string>("head")}'.");
        var layout = new GcnMultitaskLayout(s.Get<bool>("featureInput"), s.Get<int>("inChannels"), s.Get<int>("inputSize"), s.Get<int>("featureSize"),
            backbone, s.Get<int>("backboneWidth"), head, s.GetStrings("classes"), s.Get<int>("nodeInputSize"), s.Get<int>("hiddenSize"),
            s.Get<float>("negativeSlope"), s.Get<bool>("fixedNodeInputs"));
        try
        {
            layout.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Invalid GCN multi-task layout: {e.Message}", e);
        }
        int nodes = layout.NodeCount;
        // The adjacency and word vectors are buffers: placeholders of the right shape, then overwritten by the weights.
        Tensor? adjacency = head == MultitaskHeadKind.Gcn ? Tensor.Zeros(nodes, nodes) : null;
        Tensor? words = head == MultitaskHeadKind.Gcn && layout.FixedNodeInputs ? Tensor.Zeros(nodes, layout.NodeInputSize) : null;
        var network = GcnMultitaskModel.CreateNetwork(layout, adjacency, words);
        try
        {
            network.LoadStateDict(s.Weights ?? throw new FormatException("The GCN multi-task model has no weights."));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The GCN multi-task weights do not match the layout: {e.Message}", e);
        }
        return new GcnMultitaskTransformer(new GcnMultitaskModel(network, layout), s.Get<string>("inputColumnName"),
            s.Get<string>("predictedValenceColumnName"), s.Get<string>("predictedArousalColumnName"), s.Get<bool>("outputFeatures"));
    }

    private sealed class GcnMapper(GcnMultitaskTransformer owner) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [owner.InputColumnName];

        public override bool IsExpensive => true;

        public override bool SupportsBatch => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            const string Name = "GcnMultitask";
            var (features, c, h, w) = GcnMultitaskData.CheckInput(inputSchema, owner.InputColumnName, Name);
            GcnMultitaskLayout l = owner.Model.Layout;
            if (features != l.FeatureInput || (features ? c != l.FeatureSize : c != l.InChannels || h != l.InputSize || w != l.InputSize))
                throw new ArgumentException($"{Name}: column '{owner.InputColumnName}' holds {(features ? $"[{c}] vectors" : $"[{c}, {h}, {w}] images")}; the model was trained on "
                    + (l.FeatureInput ? $"[{l.FeatureSize}] feature vectors." : $"[{l.InChannels}, {l.InputSize}, {l.InputSize}] images."));
            var names = l.ClassNames;
            var cols = new List<(string, DataViewType, DataViewAnnotations?)>
            {
                ("Score", new VectorDataViewType(names.Count), new DataViewAnnotations { SlotNames = names }),
                ("PredictedLabel", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = names }),
                (owner.PredictedValenceColumnName, NumberDataViewType.Single, null),
                (owner.PredictedArousalColumnName, NumberDataViewType.Single, null),
            };
            if (owner.OutputFeatures) cols.Add(("Features", new VectorDataViewType(owner.Model.FeatureSize), null));
            return cols;
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            var outs = new object?[outputs.Length];
            MapBatch([[inputs[0]]], [outs]);
            outs.CopyTo(outputs);
            return true;
        }

        public override void MapBatch(IReadOnlyList<object?[]> inputs, IReadOnlyList<object?[]> outputs)
        {
            GcnMultitaskModel m = owner.Model;
            GcnMultitaskLayout l = m.Layout;
            int per = l.FeatureInput ? l.FeatureSize : l.InChannels * l.InputSize * l.InputSize;
            var data = new float[inputs.Count * per];
            for (int r = 0; r < inputs.Count; r++)
            {
                var x = (float[]?)inputs[r][0] ?? throw new ArgumentException($"GcnMultitask: row {r} of the batch has no value in '{owner.InputColumnName}'.");
                if (x.Length != per) throw new ArgumentException($"GcnMultitask: a row of '{owner.InputColumnName}' has {x.Length} values; expected {per}.");
                x.CopyTo(data, r * per);
            }
            Tensor input = l.FeatureInput ? Tensor.Wrap(data, inputs.Count, per) : Tensor.Wrap(data, inputs.Count, l.InChannels, l.InputSize, l.InputSize);
            GcnMultitaskPrediction p = m.Predict(input);
            float[] probs = p.Probabilities.ToArray(), f = owner.OutputFeatures ? p.Features.ToArray() : [];
            int k = l.ClassNames.Count, fs = m.FeatureSize;
            for (int r = 0; r < inputs.Count; r++)
            {
                float[] row = probs.AsSpan(r * k, k).ToArray();
                outputs[r][0] = row;
                outputs[r][1] = ArgMax(row);
                outputs[r][2] = p.Valence[r];
                outputs[r][3] = p.Arousal[r];
                if (owner.OutputFeatures) outputs[r][4] = f.AsSpan(r * fs, fs).ToArray();
            }
        }

        private static int ArgMax(float[] v)
        {
            int best = 0;
            for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
            return best;
        }
    }
}
