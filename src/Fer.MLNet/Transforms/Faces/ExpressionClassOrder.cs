using Fer.Transforms.Taxonomy;

namespace Fer.MLNet.Transforms;

/// <summary>The class order of <see cref="PretrainedExpressionTransformer"/>'s Score and PredictedLabel.</summary>
public enum ExpressionClassOrder
{
    /// <summary>face-api's 7 classes as the model outputs them: neutral, happy, sad, angry, fearful, disgusted, surprised (<see cref="ExpressionTaxonomy.FaceApi"/>).</summary>
    FaceApi,

    /// <summary>The 7 canonical classes without contempt (<see cref="ExpressionTaxonomy.Canonical7"/>, FER+'s order).</summary>
    Canonical7,

    /// <summary>The 8 canonical classes (<see cref="ExpressionTaxonomy.Canonical8"/>); contempt, which the model lacks, scores 0.</summary>
    Canonical8,
}
