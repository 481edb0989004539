using Fer.MLNet.Trainers.Supervised;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>The library's exportable scoring transformers (one registration each).</summary>
internal static class KnownScorers
{
    internal static void RegisterAll()
    {
        ScorerExporters.Register<ExpressionClassifierTransformer>(Classifier);
    }

    /// <summary>Backbone features, the head's logits and their Softmax: outputs "Score" [N, K] and "Features" [N, F].</summary>
    private static ScorerExport Classifier(ExpressionClassifierTransformer t) => new()
    {
        Kind = t.Kind,
        InputColumnName = t.FeatureColumnName,
        Channels = t.Model.InChannels,
        Height = t.Model.InputSize,
        Width = t.Model.InputSize,
        ClassNames = t.Model.ClassNames,
        Build = (c, x) =>
        {
            GraphValue features = c.Export((Module)t.Model.Network.Backbone, "backbone", x);
            GraphValue logits = c.Export(t.Model.Network.Head, "head", features);
            return
            [
                new ScorerOutput("Score", c.Softmax(logits, 1), "class probabilities [N, K] (softmax of the logits)", t.Model.ClassNames),
                new ScorerOutput("Features", features, $"{t.Backbone} backbone features [N, {t.Model.Network.Backbone.FeatureSize}]"),
            ];
        },
    };
}
