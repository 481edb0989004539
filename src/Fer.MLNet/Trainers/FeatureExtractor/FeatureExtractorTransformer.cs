using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Trainers.Backbones;
using Fer.Trainers.FeatureExtractor;
using Fer.Trainers.Heads;

namespace Fer.MLNet.Trainers.FeatureExtractor;

/// <summary>
/// Writes the feature extractor's <c>Features</c> vector (the shared backbone's output, length
/// <see cref="FeatureExtractorModel.FeatureSize"/>) for a [C, H, W] pixel column. Rows are scored in
/// batches; the transformer is thread-safe. Saved in model zips with the whole network (backbone and
/// heads), rebuilt from its options when loaded.
/// </summary>
public sealed class FeatureExtractorTransformer : RowMappingTransformer
{
    private readonly FeatureMapper mapper;

    /// <summary>Wraps a trained model.</summary>
    public FeatureExtractorTransformer(FeatureExtractorModel model, BackboneKind backbone, int backboneWidth, float headDropout,
        string featureColumnName = "Pixels", string outputColumnName = "Features")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(featureColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        Model = model;
        Backbone = backbone;
        BackboneWidth = backboneWidth;
        HeadDropout = headDropout;
        FeatureColumnName = featureColumnName;
        OutputColumnName = outputColumnName;
        mapper = new FeatureMapper(this);
    }

    /// <summary>The trained model.</summary>
    public FeatureExtractorModel Model { get; }

    /// <summary>The backbone kind (to rebuild the network when loading).</summary>
    public BackboneKind Backbone { get; }

    /// <summary>The backbone width setting.</summary>
    public int BackboneWidth { get; }

    /// <summary>The heads' dropout (inactive when scoring; kept so the rebuilt network has the same modules).</summary>
    public float HeadDropout { get; }

    /// <summary>The pixel column read.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The feature column written.</summary>
    public string OutputColumnName { get; }

    /// <inheritdoc />
    public override string Kind => "FeatureExtractor";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["backbone"] = Backbone.ToString(),
        ["backboneWidth"] = BackboneWidth,
        ["headDropout"] = HeadDropout,
        ["inChannels"] = Model.InChannels,
        ["inputSize"] = Model.InputSize,
        ["datasets"] = new JsonArray([.. Model.DatasetNames.Select(n => (JsonNode)n)]),
        ["classes"] = new JsonArray([.. Model.ClassNames.Select(c => (JsonNode)new JsonArray([.. c.Select(n => (JsonNode)n)]))]),
        ["featureColumnName"] = FeatureColumnName,
        ["outputColumnName"] = OutputColumnName,
    }, Model.Network.StateDict());

    internal static FeatureExtractorTransformer Load(TransformerState s)
    {
        if (!Enum.TryParse(s.Get<string>("backbone"), out BackboneKind kind) || !Enum.IsDefined(kind))
            throw new FormatException($"Unknown backbone '{s.Get<string>("backbone")}'.");
        int width = s.Get<int>("backboneWidth"), inChannels = s.Get<int>("inChannels"), inputSize = s.Get<int>("inputSize");
        if (width < 0 || width > 4096) throw new FormatException($"Option 'backboneWidth' is {width}; expected 0 to 4096.");
        if (inChannels is not (1 or 3)) throw new FormatException($"Option 'inChannels' is {inChannels}; expected 1 or 3.");
        if (inputSize is < 32 or > 512) throw new FormatException($"Option 'inputSize' is {inputSize}; expected 32 to 512.");
        float dropout = s.Get<float>("headDropout");
        if (dropout is < 0 or >= 1) throw new FormatException($"Option 'headDropout' is {dropout}; expected [0, 1).");
        string[] datasets = s.GetStrings("datasets");
        if (s.Options["classes"] is not JsonArray classArray || classArray.Count != datasets.Length || datasets.Length == 0)
            throw new FormatException($"Option 'classes' must be an array of {datasets.Length} class-name arrays, one per dataset.");
        var classes = new List<IReadOnlyList<string>>();
        for (int i = 0; i < classArray.Count; i++)
        {
            var one = new TransformerState(new JsonObject { ["c"] = classArray[i]?.DeepClone() }).GetStrings("c");
            if (one.Length is < 1 or > 10000) throw new FormatException($"Option 'classes' element {i} has {one.Length} names; expected 1 to 10000.");
            classes.Add(one);
        }
        Module backbone = BackboneFactory.Create(kind, inChannels, inputSize, width);
        int featureSize = ((IBackbone)backbone).FeatureSize;
        var network = new MultiHeadNetwork(backbone, [.. classes.Select(c => (Module)new LinearHead(featureSize, c.Count, dropout))]);
        network.LoadStateDict(s.Weights ?? throw new FormatException("The feature extractor has no weights."));
        var model = new FeatureExtractorModel(network, datasets, classes, inChannels, inputSize);
        return new FeatureExtractorTransformer(model, kind, width, dropout, s.Get<string>("featureColumnName"), s.Get<string>("outputColumnName"));
    }

    private sealed class FeatureMapper(FeatureExtractorTransformer owner) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [owner.FeatureColumnName];

        public override bool IsExpensive => true;

        public override bool SupportsBatch => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            var (c, h, w) = TrainingData.CheckFeatures(inputSchema, owner.FeatureColumnName, "FeatureExtractor");
            FeatureExtractorModel m = owner.Model;
            if (c != m.InChannels || h != m.InputSize || w != m.InputSize)
                throw new ArgumentException($"FeatureExtractor: column '{owner.FeatureColumnName}' holds [{c}, {h}, {w}] images; the model was trained on [{m.InChannels}, {m.InputSize}, {m.InputSize}].");
            return [(owner.OutputColumnName, new VectorDataViewType(m.FeatureSize), null)];
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
            FeatureExtractorModel m = owner.Model;
            int per = m.InChannels * m.InputSize * m.InputSize;
            var data = new float[inputs.Count * per];
            for (int r = 0; r < inputs.Count; r++)
            {
                var pixels = (float[]?)inputs[r][0] ?? throw new ArgumentException($"FeatureExtractor: row {r} of the batch has no pixels in '{owner.FeatureColumnName}'.");
                if (pixels.Length != per) throw new ArgumentException($"FeatureExtractor: a row of '{owner.FeatureColumnName}' has {pixels.Length} values; expected {per}.");
                pixels.CopyTo(data, r * per);
            }
            float[] f = m.ExtractFeatures(Tensor.Wrap(data, inputs.Count, m.InChannels, m.InputSize, m.InputSize)).ToArray();
            int fs = m.FeatureSize;
            for (int r = 0; r < inputs.Count; r++) outputs[r][0] = f.AsSpan(r * fs, fs).ToArray();
        }
    }
}
