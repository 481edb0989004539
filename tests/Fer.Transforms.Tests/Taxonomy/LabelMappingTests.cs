using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Tests.Taxonomy;

public class LabelMappingTests
{
    public static TheoryData<string, string> SchemePairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in ExpressionTaxonomy.All)
            foreach (var b in ExpressionTaxonomy.All) data.Add(a.Name, b.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(SchemePairs))]
    public void MapPosition_AnyPair_PreservesTheExpression(string from, string to)
    {
        var source = ExpressionTaxonomy.Get(from);
        var target = ExpressionTaxonomy.Get(to);
        var map = source.MapTo(target);
        for (int i = 0; i < source.Count; i++)
        {
            int? t = map.MapPosition(i);
            if (source.ExpressionAt(i) is { } e && target.Contains(e)) target.ExpressionAt(t!.Value).Should().Be(e);
            else
            {
                t.Should().BeNull();
                map.UnmappedSourcePositions.Should().Contain(i);
            }
        }
    }

    [Fact]
    public void MapCode_Fer2013ToAffectNet_FollowsTheNames()
    {
        var map = ExpressionTaxonomy.Map(ExpressionTaxonomy.Fer2013, ExpressionTaxonomy.AffectNet);
        map.MapCode(0).Should().Be(6); // Angry -> Anger
        map.MapCode(3).Should().Be(1); // Happy -> Happy
        map.MapCode(6).Should().Be(0); // Neutral -> Neutral
        map.IsTotal.Should().BeTrue();
        map.UnreachedTargetPositions.Select(p => ExpressionTaxonomy.AffectNet[p].Name).Should().Equal("Contempt", "None", "Uncertain", "Non-Face");
    }

    [Fact]
    public void MapPosition_ContemptIntoSevenClasses_HasNoCounterpart()
    {
        var map = ExpressionTaxonomy.Canonical8.MapTo(ExpressionTaxonomy.Canonical7);
        map.MapPosition((int)Expression.Contempt).Should().BeNull();
        map.IsTotal.Should().BeFalse();
        map.UnmappedSourcePositions.Should().Equal((int)Expression.Contempt);
    }

    [Fact]
    public void MapCode_RafDbToFaceApi_UsesOneBasedCodes()
    {
        var map = ExpressionTaxonomy.RafDbBasic.MapTo(ExpressionTaxonomy.FaceApi);
        map.MapCode(1).Should().Be(6); // Surprise -> surprised
        map.MapCode(7).Should().Be(0); // Neutral -> neutral
        FluentActions.Invoking(() => map.MapCode(0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void MapScores_FaceApiToFerPlus_MovesScoresAndRenormalises()
    {
        var map = ExpressionTaxonomy.FaceApi.MapTo(ExpressionTaxonomy.Canonical7);
        float[] faceApi = [0.1f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f];
        float[] mapped = map.MapScores(faceApi);
        mapped[(int)Expression.Happiness].Should().Be(0.4f);
        mapped[(int)Expression.Surprise].Should().Be(0.1f);
        var toFerPlus = ExpressionTaxonomy.FerPlus.MapTo(ExpressionTaxonomy.Canonical7);
        float[] votes = [2, 2, 0, 0, 0, 0, 0, 4, 1, 1];
        float[] renorm = toFerPlus.MapScores(votes, renormalize: true);
        renorm.Sum().Should().BeApproximately(1f, 1e-6f);
        renorm[0].Should().BeApproximately(0.5f, 1e-6f);
        FluentActions.Invoking(() => map.MapScores(new float[3])).Should().Throw<ArgumentException>().WithMessage("*7 scores*");
    }
}
