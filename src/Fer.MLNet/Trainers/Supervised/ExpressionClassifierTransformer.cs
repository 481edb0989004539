using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;
using Fer.Trainers.Supervised;

namespace Fer.MLNet.Trainers.Supervised;

/// <summary>
/// Scores images with a trained expression classifier: reads the [C, H, W] pixel column and writes
/// <c>Score</c> (class probabilities, class names as slot names), <c>PredictedLabel</c> (0-based
/// Int32, class names as key values) and optionally <c>Features</c> (the backbone's vector). An ensemble
/// model averages its members' probabilities and concatenates their features. Rows are scored in
/// batches; the transformer is thread-safe.
/// </summary>
public sealed class ExpressionClassifierTransformer : RowMappingTransformer
{
    private readonly ClassifierMapper mapper;

    /// <summary>Wraps a trained model.</summary>
    public ExpressionClassifierTransformer(SupervisedModel model, BackboneKind backbone, int backboneWidth, float headDropout,
        string featureColumnName = "Pixels", bool outputFeatures = false, bool testTimeFlip = false, int testTimeShift = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (testTimeShift < 0 || testTimeShift >= model.InputSize)
            throw new ArgumentOutOfRangeException(nameof(testTimeShift), testTimeShift, $"must be in [0, {model.InputSize}) for {model.InputSize}-pixel images.");
        Model = model;
        Backbone = backbone;
        BackboneWidth = backboneWidth;
        HeadDropout = headDropout;
        FeatureColumnName = featureColumnName;
        OutputFeatures = outputFeatures;
        TestTimeFlip = testTimeFlip;
        TestTimeShift = testTimeShift;
        mapper = new ClassifierMapper(this);
    }

    /// <summary>
    /// True when Score is the mean of the probabilities of each image and of its mirror image (horizontal
    /// flip test-time augmentation; twice the compute). Features stay those of the image itself.
    /// </summary>
    public bool TestTimeFlip { get; }

    /// <summary>The same model with <see cref="TestTimeFlip"/> set as given (the network is shared, not copied).</summary>
    public ExpressionClassifierTransformer WithTestTimeFlip(bool enabled = true) =>
        new(Model, Backbone, BackboneWidth, HeadDropout, FeatureColumnName, OutputFeatures, enabled, TestTimeShift);

    /// <summary>
    /// Pixels of the shifted views of shifted-view test-time augmentation (0 = off): Score also averages four
    /// copies of the image moved by this many pixels diagonally (up-left, up-right, down-left, down-right; the
    /// edges reflected, as the pad-crop training augmentation does), so 5 views, or 10 with
    /// <see cref="TestTimeFlip"/>. Features stay those of the image itself.
    /// </summary>
    public int TestTimeShift { get; }

    /// <summary>The same model with <see cref="TestTimeShift"/> set as given (the network is shared, not copied).</summary>
    public ExpressionClassifierTransformer WithTestTimeShift(int pixels) =>
        new(Model, Backbone, BackboneWidth, HeadDropout, FeatureColumnName, OutputFeatures, TestTimeFlip, pixels);

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
        ["testTimeShift"] = TestTimeShift,
        ["members"] = Model.Members.Count,
    }, Weights(Model));

    // One network keeps its own names; an ensemble's members are "0.*", "1.*", ... as in a ModuleList.
    private static IReadOnlyDictionary<string, Tensor> Weights(SupervisedModel model)
        => model.Members.Count == 1 ? model.Network.StateDict() : new ModuleList([.. model.Members]).StateDict();

    internal static ExpressionClassifierTransformer Load(TransformerState s)
    {
        if (!Enum.TryParse(s.Get<string>("backbone"), out BackboneKind kind)) throw new FormatException($"Unknown backbone '{s.Get<string>("backbone")}'.");
        int width = s.Get<int>("backboneWidth"), inChannels = s.Get<int>("inChannels"), inputSize = s.Get<int>("inputSize");
        float dropout = s.Get<float>("headDropout");
        string[] classes = s.GetStrings("classes");
        int count = s.GetOrDefault("members", 1);
        if (count < 1) throw new FormatException($"The classifier has {count} members; it needs at least one.");
        var members = new ExpressionNetwork[count];
        for (int i = 0; i < count; i++)
        {
            var backbone = BackboneFactory.Create(kind, inChannels, inputSize, width);
            members[i] = new ExpressionNetwork(backbone, new LinearHead(((IBackbone)backbone).FeatureSize, classes.Length, dropout));
        }
        Module loaded = count == 1 ? members[0] : new ModuleList(members);
        loaded.LoadStateDict(s.Weights ?? throw new FormatException("The classifier has no weights."));
        return new ExpressionClassifierTransformer(new SupervisedModel(members, classes, inChannels, inputSize), kind, width, dropout,
            s.Get<string>("featureColumnName"), s.Get<bool>("outputFeatures"), s.GetOrDefault("testTimeFlip", false),
            s.GetOrDefault("testTimeShift", 0));
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
            if (owner.OutputFeatures) cols.Add(("Features", new VectorDataViewType(m.FeatureSize), null));
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
            Tensor images = Tensor.Wrap(data, inputs.Count, m.InChannels, m.InputSize, m.InputSize);
            var (probs, features) = m.Predict(images);
            float[] p = probs.ToArray(), f = owner.OutputFeatures ? features.ToArray() : [];
            int views = 1;
            if (p.Length > 0)
            {
                foreach ((int dx, int dy, bool mirror) in AugmentedViews(owner.TestTimeShift, owner.TestTimeFlip))
                {
                    float[] q = m.Predict(BatchAugmenter.Shift(images, dx, dy, mirror)).Probabilities.ToArray();
                    for (int i = 0; i < p.Length; i++) p[i] += q[i];
                    views++;
                }
                if (views > 1)
                    for (int i = 0; i < p.Length; i++) p[i] /= views;
            }
            int k = m.ClassNames.Count, fs = m.FeatureSize;
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

        // The views besides the image itself: its mirror, the four diagonal shifts, and their mirrors.
        private static IEnumerable<(int Dx, int Dy, bool Mirror)> AugmentedViews(int shift, bool flip)
        {
            if (flip) yield return (0, 0, true);
            if (shift == 0) yield break;
            foreach (int dy in (int[])[-shift, shift])
                foreach (int dx in (int[])[-shift, shift])
                {
                    yield return (dx, dy, false);
                    if (flip) yield return (dx, dy, true);
                }
        }
    }
}
