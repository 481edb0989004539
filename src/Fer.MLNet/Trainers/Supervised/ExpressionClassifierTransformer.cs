using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Tensors;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;
using Fer.Trainers.Supervised;

namespace Fer.MLNet.Trainers.Supervised;

/// <summary>
/// Scores images with a trained expression classifier: reads the [C, H, W] pixel column and writes
/// <c>Score</c> (class probabilities, class names as slot names), <c>PredictedLabel</c> (0-based
/// Int32, class names as key values) and optionally <c>Features</c> (the backbone's vector). Rows are
/// scored in batches; the transformer is thread-safe.
/// </summary>
public sealed class ExpressionClassifierTransformer : RowMappingTransformer
{
    private readonly ClassifierMapper mapper;

    /// <summary>Wraps a trained model.</summary>
    public ExpressionClassifierTransformer(SupervisedModel model, BackboneKind backbone, int backboneWidth, float headDropout,
        string featureColumnName = "Pixels", bool outputFeatures = false, bool testTimeFlip = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Backbone = backbone;
        BackboneWidth = backboneWidth;
        HeadDropout = headDropout;
        FeatureColumnName = featureColumnName;
        OutputFeatures = outputFeatures;
        TestTimeFlip = testTimeFlip;
        mapper = new ClassifierMapper(this);
    }

    /// <summary>
    /// True when Score is the mean of the probabilities of each image and of its mirror image (horizontal
    /// flip test-time augmentation; twice the compute). Features stay those of the image itself.
    /// </summary>
    public bool TestTimeFlip { get; }

    /// <summary>The same model with <see cref="TestTimeFlip"/> set as given (the network is shared, not copied).</summary>
    public ExpressionClassifierTransformer WithTestTimeFlip(bool enabled = true) =>
        new(Model, Backbone, BackboneWidth, HeadDropout, FeatureColumnName, OutputFeatures, enabled);

    /// <summary>The trained model.</summary>
    public SupervisedModel Model { get; }

    /// <summary>The backbone kind (to rebuild the network when loading).</summary>
    public BackboneKind Backbone { get; }

    /// <summary>The backbone width setting.</summary>
    public int BackboneWidth { get; }

    /// <summary>The head's dropout (inactive when scoring; kept so the rebuilt network has the same modules).</summary>
    public float HeadDropout { get; }

    /// <summary>The pixel column read.</summary>
    public string FeatureColumnName { get; }

    /// <summary>True when a <c>Features</c> column is written too.</summary>
    public bool OutputFeatures { get; }

    /// <inheritdoc />
    public override string Kind => "ExpressionClassifier";

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
        ["classes"] = new JsonArray([.. Model.ClassNames.Select(n => (JsonNode)n)]),
        ["featureColumnName"] = FeatureColumnName,
        ["outputFeatures"] = OutputFeatures,
        ["testTimeFlip"] = TestTimeFlip,
    }, Model.Network.StateDict());

    internal static ExpressionClassifierTransformer Load(TransformerState s)
    {
        if (!Enum.TryParse(s.Get<string>("backbone"), out BackboneKind kind)) throw new FormatException($"Unknown backbone '{s.Get<string>("backbone")}'.");
        int width = s.Get<int>("backboneWidth"), inChannels = s.Get<int>("inChannels"), inputSize = s.Get<int>("inputSize");
        float dropout = s.Get<float>("headDropout");
        string[] classes = s.GetStrings("classes");
        var backbone = BackboneFactory.Create(kind, inChannels, inputSize, width);
        var network = new ExpressionNetwork(backbone, new LinearHead(((IBackbone)backbone).FeatureSize, classes.Length, dropout));
        network.LoadStateDict(s.Weights ?? throw new FormatException("The classifier has no weights."));
        return new ExpressionClassifierTransformer(new SupervisedModel(network, classes, inChannels, inputSize), kind, width, dropout,
            s.Get<string>("featureColumnName"), s.Get<bool>("outputFeatures"), s.GetOrDefault("testTimeFlip", false));
    }

    private sealed class ClassifierMapper(ExpressionClassifierTransformer owner) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [owner.FeatureColumnName];

        public override bool IsExpensive => true;

        public override bool SupportsBatch => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            var (c, h, w) = TrainingData.CheckFeatures(inputSchema, owner.FeatureColumnName, "ExpressionClassifier");
            SupervisedModel m = owner.Model;
            if (c != m.InChannels || h != m.InputSize || w != m.InputSize)
                throw new ArgumentException($"ExpressionClassifier: column '{owner.FeatureColumnName}' holds [{c}, {h}, {w}] images; the model was trained on [{m.InChannels}, {m.InputSize}, {m.InputSize}].");
            var names = m.ClassNames;
            var cols = new List<(string, DataViewType, DataViewAnnotations?)>
            {
                ("Score", new VectorDataViewType(names.Count), new DataViewAnnotations { SlotNames = names }),
                ("PredictedLabel", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = names }),
            };
            if (owner.OutputFeatures) cols.Add(("Features", new VectorDataViewType(m.Network.Backbone.FeatureSize), null));
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
            SupervisedModel m = owner.Model;
            int per = m.InChannels * m.InputSize * m.InputSize;
            var data = new float[inputs.Count * per];
            for (int r = 0; r < inputs.Count; r++)
            {
                var pixels = (float[]?)inputs[r][0] ?? throw new ArgumentException($"Row {r} of the batch has no pixels.");
                if (pixels.Length != per) throw new ArgumentException($"A row has {pixels.Length} pixel values; expected {per}.");
                pixels.CopyTo(data, r * per);
            }
            var (probs, features) = m.Predict(Tensor.Wrap(data, inputs.Count, m.InChannels, m.InputSize, m.InputSize));
            float[] p = probs.ToArray(), f = owner.OutputFeatures ? features.ToArray() : [];
            if (owner.TestTimeFlip)
            {
                float[] mirrored = p.Length == 0 ? [] : m.Predict(Tensor.Wrap(Mirror(data, inputs.Count * m.InChannels * m.InputSize, m.InputSize), inputs.Count, m.InChannels, m.InputSize, m.InputSize)).Probabilities.ToArray();
                for (int i = 0; i < p.Length; i++) p[i] = (p[i] + mirrored[i]) * 0.5f;
            }
            int k = m.ClassNames.Count, fs = m.Network.Backbone.FeatureSize;
            for (int r = 0; r < inputs.Count; r++)
            {
                float[] row = p.AsSpan(r * k, k).ToArray();
                outputs[r][0] = row;
                outputs[r][1] = ArgMax(row);
                if (owner.OutputFeatures) outputs[r][2] = f.AsSpan(r * fs, fs).ToArray();
            }
        }

        private static int ArgMax(float[] v)
        {
            int best = 0;
            for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
            return best;
        }

        // Each row of width w reversed: the horizontal mirror of [N, C, H, W] images.
        private static float[] Mirror(float[] data, int rows, int w)
        {
            float[] mirrored = (float[])data.Clone();
            for (int r = 0; r < rows; r++) mirrored.AsSpan(r * w, w).Reverse();
            return mirrored;
        }
    }
}
