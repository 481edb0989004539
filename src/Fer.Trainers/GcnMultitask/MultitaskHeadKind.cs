namespace Fer.Trainers.GcnMultitask;

/// <summary>Which head produces the expression logits and the valence/arousal values.</summary>
public enum MultitaskHeadKind
{
    /// <summary>Classifiers and regressors produced by a GCN over the label graph (the method).</summary>
    Gcn,

    /// <summary>A linear classifier and a linear valence/arousal regressor, independent of each other (the ablation baseline).</summary>
    Independent,
}
