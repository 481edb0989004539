using Fer.MLNet.Trainers.FeatureExtractor;
using Fer.MLNet.Trainers.GcnMultitask;
using Fer.MLNet.Trainers.Supervised;
using Fer.MLNet.Transforms;
using Fer.Trainers.GcnMultitask;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>The library's exportable scoring transformers (one registration each).</summary>
internal static class KnownScorers
{
    internal static void RegisterAll()
    {
        ScorerExporters.Register<ExpressionClassifierTransformer>(Classifier);
        ScorerExporters.Register<FeatureExtractorTransformer>(FeatureExtractor);
        ScorerExporters.Register<GcnMultitaskTransformer>(GcnMultitask);
        ScorerExporters.Register<PretrainedExpressionTransformer>(FaceApiExporters.Expression);
        ScorerExporters.Register<PretrainedFeaturesTransformer>(FaceApiExporters.Features);
    }

    /// <summary>The shared backbone alone: output "Features" [N, F] (the per-dataset heads are training aids).</summary>
    private static ScorerExport FeatureExtractor(FeatureExtractorTransformer t) => new()
    {
        Kind = t.Kind,
        InputColumnName = t.FeatureColumnName,
        Channels = t.Model.InChannels,
        Height = t.Model.InputSize,
        Width = t.Model.InputSize,
        Build = (c, x) =>
        [
            new ScorerOutput("Features", c.Export((Module)t.Model.Network.Backbone, "backbone", x), $"{t.Backbone} backbone features [N, {t.Model.FeatureSize}]"),
        ],
    };

    /// <summary>
    /// Backbone, then the GCN (or independent) head with its node weights computed once: outputs "Score"
    /// [N, K], "Valence" [N, 1], "Arousal" [N, 1] and "Features" [N, F].
    /// </summary>
    private static ScorerExport GcnMultitask(GcnMultitaskTransformer t)
    {
        GcnMultitaskLayout l = t.Model.Layout;
        if (l.FeatureInput)
            throw new NotSupportedException("GcnMultitask: this model reads pre-extracted feature vectors, not images; export the feature extractor that made them, or train on images to export one network.");
        int k = l.ClassNames.Count;
        return new ScorerExport
        {
            Kind = t.Kind,
            InputColumnName = t.InputColumnName,
            Channels = l.InChannels,
            Height = l.InputSize,
            Width = l.InputSize,
            ClassNames = l.ClassNames,
            Build = (c, x) =>
            {
                GraphValue features = c.Export((Module)t.Model.Network.Backbone, "backbone", x);
                GraphValue outputs = c.Export(t.Model.Network.Head, "head", features);
                GraphValue Columns(string name, int start, int count) => c.Op("Slice",
                    [outputs.Name, c.Int64s(name + "_starts", start), c.Int64s(name + "_ends", start + count), c.Int64s(name + "_axes", 1)], [outputs.Shape[0], count]);
                return
                [
                    new ScorerOutput("Score", c.Softmax(Columns("logits", 0, k), 1), "class probabilities [N, K] (softmax of the logits)", l.ClassNames),
                    new ScorerOutput("Valence", Columns("valence", k, 1), "predicted valence [N, 1]"),
                    new ScorerOutput("Arousal", Columns("arousal", k + 1, 1), "predicted arousal [N, 1]"),
                    new ScorerOutput("Features", features, $"{l.Backbone} backbone features [N, {t.Model.FeatureSize}]"),
                ];
            },
        };
    }

    // What the transformer averages that the graph (one view) does not: the caller runs the views and averages.
    private static Dictionary<string, string>? TestTimeAugmentationNotes(ExpressionClassifierTransformer t)
    {
        var notes = new Dictionary<string, string>();
        if (t.TestTimeFlip)
            notes["test_time_flip"] = "the transformer averages the scores of each image and its mirror image; this graph scores the image as given (run it on both and average for the same Score)";
        if (t.TestTimeShift > 0)
            notes["test_time_shift"] = $"the transformer also averages the scores of four copies of the image shifted diagonally by {t.TestTimeShift} px (out[y, x] = in[y + dy, x + dx], dx, dy = +-{t.TestTimeShift}, edges reflected without repeating the edge pixel){(t.TestTimeFlip ? ", and of their mirror images" : "")}; this graph scores one view";
        return notes.Count == 0 ? null : notes;
    }

    /// <summary>
    /// Backbone features, the head's logits and their Softmax: outputs "Score" [N, K] and "Features" [N, F]. An
    /// ensemble exports every member ("member{i}.backbone", "member{i}.head"): Score is the mean of their Softmax
    /// outputs and Features their features concatenated, as the transformer computes them.
    /// </summary>
    private static ScorerExport Classifier(ExpressionClassifierTransformer t) => new()
    {
        Kind = t.Kind,
        InputColumnName = t.FeatureColumnName,
        Channels = t.Model.InChannels,
        Height = t.Model.InputSize,
        Width = t.Model.InputSize,
        ClassNames = t.Model.ClassNames,
        Metadata = TestTimeAugmentationNotes(t),
        Build = (c, x) =>
        {
            var members = t.Model.Members;
            string Prefix(int i) => members.Count == 1 ? "" : $"member{i}.";
            var scores = new List<GraphValue>();
            var features = new List<GraphValue>();
            for (int i = 0; i < members.Count; i++)
            {
                GraphValue f = c.Export((Module)members[i].Backbone, Prefix(i) + "backbone", x);
                scores.Add(c.Softmax(c.Export(members[i].Head, Prefix(i) + "head", f), 1));
                features.Add(f);
            }
            GraphValue score = scores[0], feature = features[0];
            if (members.Count > 1)
            {
                for (int i = 1; i < scores.Count; i++) score = c.Op("Add", [score.Name, scores[i].Name], [.. score.Shape]);
                score = c.Op("Mul", [score.Name, c.Scalar("ensemble_mean", 1f / members.Count)], [.. score.Shape]);
                feature = c.Op("Concat", [.. features.Select(f => f.Name)], [feature.Shape[0], t.Model.FeatureSize], OnnxAttribute.Int("axis", 1));
            }
            string what = members.Count == 1 ? "class probabilities [N, K] (softmax of the logits)" : $"class probabilities [N, K] (mean of the {members.Count} members' softmax)";
            return
            [
                new ScorerOutput("Score", score, what, t.Model.ClassNames),
                new ScorerOutput("Features", feature, members.Count == 1
                    ? $"{t.Backbone} backbone features [N, {t.Model.FeatureSize}]"
                    : $"the {members.Count} members' {t.Backbone} backbone features, concatenated [N, {t.Model.FeatureSize}]"),
            ];
        },
    };
}
