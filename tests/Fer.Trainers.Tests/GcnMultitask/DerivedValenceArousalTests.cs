using Fer.Trainers.GcnMultitask;
using Fer.Transforms.Taxonomy;

namespace Fer.Trainers.Tests.GcnMultitask;

public class DerivedValenceArousalTests
{
    [Fact]
    public void Table_IsTheLexiconScoresMappedToMinusOneOne()
    {
        // NRC VAD v1 (valence, arousal) of the FER+ column names, in [0, 1].
        (Expression E, double V, double A)[] lexicon =
        [
            (Expression.Neutral, 0.469, 0.184), (Expression.Happiness, 0.960, 0.732), (Expression.Surprise, 0.875, 0.875),
            (Expression.Sadness, 0.052, 0.288), (Expression.Anger, 0.167, 0.865), (Expression.Disgust, 0.052, 0.775),
            (Expression.Fear, 0.073, 0.840), (Expression.Contempt, 0.206, 0.635),
        ];
        DerivedValenceArousal.Table.Should().HaveCount(8);
        foreach (var (e, v, a) in lexicon)
        {
            DerivedValenceArousal.Table[e].Valence.Should().BeApproximately((float)(2 * v - 1), 1e-6f, e.ToString());
            DerivedValenceArousal.Table[e].Arousal.Should().BeApproximately((float)(2 * a - 1), 1e-6f, e.ToString());
        }
        // The circumplex quadrants the table must respect.
        DerivedValenceArousal.Table[Expression.Happiness].Valence.Should().BePositive();
        DerivedValenceArousal.Table[Expression.Sadness].Arousal.Should().BeNegative();
        DerivedValenceArousal.Table[Expression.Anger].Arousal.Should().BePositive();
        DerivedValenceArousal.Table[Expression.Anger].Valence.Should().BeNegative();
    }

    [Fact]
    public void FromDistribution_OneHotAndMixture_AreTableEntryAndWeightedMean()
    {
        var classes = DerivedValenceArousal.ForClasses(["neutral", "happy", "sadness"]);
        DerivedValenceArousal.FromDistribution([0, 1, 0], classes).Should().Be(classes[1]);
        var (v, a) = DerivedValenceArousal.FromDistribution([6, 0, 2], classes);
        v.Should().BeApproximately(0.75f * classes[0].Valence + 0.25f * classes[2].Valence, 1e-6f);
        a.Should().BeApproximately(0.75f * classes[0].Arousal + 0.25f * classes[2].Arousal, 1e-6f);
        var empty = DerivedValenceArousal.FromDistribution([0, 0, 0], classes);
        float.IsNaN(empty.Valence).Should().BeTrue();
    }

    [Fact]
    public void ForClassesAndFromDistribution_BadInput_Throws()
    {
        var name = () => DerivedValenceArousal.ForClasses(["neutral", "confused"]);
        name.Should().Throw<ArgumentException>().WithMessage("*'confused' (position 1)*");
        var classes = DerivedValenceArousal.ForClasses(["neutral", "fear"]);
        var length = () => DerivedValenceArousal.FromDistribution([1, 0, 0], classes);
        length.Should().Throw<ArgumentException>().WithMessage("*3 values for 2 classes*");
        var negative = () => DerivedValenceArousal.FromDistribution([1, -1], classes);
        negative.Should().Throw<ArgumentException>().WithMessage("*value 1 is -1*");
    }
}
