using Fer.Tensors.Random;
using Fer.Trainers.Data;
using Fer.Trainers.GcnMultitask;

namespace Fer.Trainers.Tests.GcnMultitask;

/// <summary>
/// A small learnable multi-task set: feature vectors (stored as 1x1 images) around one random mean per
/// class, labels, and valence/arousal = the class's derived values plus noise.
/// </summary>
internal static class SyntheticAffect
{
    public static readonly string[] Classes = ["neutral", "happiness", "sadness", "anger"];

    public static ImageTensorSet Features(int count, int featureSize, ulong seed, bool withValenceArousal = true)
    {
        var g = new Generator(seed);
        var means = new float[Classes.Length, featureSize];
        var meanGenerator = new Generator(99);
        for (int k = 0; k < Classes.Length; k++)
            for (int f = 0; f < featureSize; f++) means[k, f] = (float)(1.5 * meanGenerator.NextNormal());
        var table = DerivedValenceArousal.ForClasses(Classes);
        var x = new float[count * featureSize];
        var labels = new int[count];
        var valence = new float[count];
        var arousal = new float[count];
        for (int i = 0; i < count; i++)
        {
            int k = i % Classes.Length;
            labels[i] = k;
            for (int f = 0; f < featureSize; f++) x[i * featureSize + f] = means[k, f] + (float)g.NextNormal();
            valence[i] = table[k].Valence + 0.1f * (float)g.NextNormal();
            arousal[i] = table[k].Arousal + 0.1f * (float)g.NextNormal();
        }
        return withValenceArousal
            ? new ImageTensorSet(x, featureSize, 1, 1, labels, valence: valence, arousal: arousal, classNames: Classes)
            : new ImageTensorSet(x, featureSize, 1, 1, labels, classNames: Classes);
    }
}
