using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Tests.Taxonomy;

public class LabelSchemeTests
{
    [Fact]
    public void Fer2013_Codes_FollowTheDatasetOrder()
    {
        var s = ExpressionTaxonomy.Fer2013;
        Expression[] expected = [Expression.Anger, Expression.Disgust, Expression.Fear, Expression.Happiness, Expression.Sadness, Expression.Surprise, Expression.Neutral];
        s.Count.Should().Be(7);
        for (int code = 0; code < 7; code++) s.ExpressionAt(s.PositionOfCode(code)).Should().Be(expected[code]);
        s.Contains(Expression.Contempt).Should().BeFalse();
    }

    [Fact]
    public void AffectNet_CodesEightToTen_AreNotExpressions()
    {
        var s = ExpressionTaxonomy.AffectNet;
        s.Count.Should().Be(11);
        s.ExpressionAt(s.PositionOfCode(7)).Should().Be(Expression.Contempt);
        s.ExpressionAt(s.PositionOfCode(6)).Should().Be(Expression.Anger);
        for (int code = 8; code <= 10; code++) s.ExpressionAt(s.PositionOfCode(code)).Should().BeNull();
    }

    [Fact]
    public void RafDbBasic_CodesStartAtOne()
    {
        var s = ExpressionTaxonomy.RafDbBasic;
        s.TryGetPositionOfCode(0, out _).Should().BeFalse();
        s.ExpressionAt(s.PositionOfCode(1)).Should().Be(Expression.Surprise);
        s.ExpressionAt(s.PositionOfCode(4)).Should().Be(Expression.Happiness);
        s.ExpressionAt(s.PositionOfCode(7)).Should().Be(Expression.Neutral);
        FluentActions.Invoking(() => s.PositionOfCode(8)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1..7*");
    }

    [Fact]
    public void FaceApi_Names_ParseToExpressions()
    {
        var s = ExpressionTaxonomy.FaceApi;
        s.Names.Should().Equal("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");
        s.Expressions.Should().Equal(Expression.Neutral, Expression.Happiness, Expression.Sadness, Expression.Anger, Expression.Fear, Expression.Disgust, Expression.Surprise);
    }

    [Fact]
    public void FerPlus_HasEightEmotionsThenUnknownAndNotFace()
    {
        var s = ExpressionTaxonomy.FerPlus;
        s.Count.Should().Be(10);
        for (int i = 0; i < 8; i++) s.ExpressionAt(i).Should().Be((Expression)i);
        s[8].Name.Should().Be("unknown");
        s.ExpressionAt(9).Should().BeNull();
    }

    [Fact]
    public void Canonical7_HasNoContempt()
    {
        ExpressionTaxonomy.Canonical7.Count.Should().Be(7);
        ExpressionTaxonomy.Canonical7.Contains(Expression.Contempt).Should().BeFalse();
        ExpressionTaxonomy.Canonical8.PositionOf(Expression.Contempt).Should().Be(7);
    }

    [Theory]
    [InlineData("happy", 4)]
    [InlineData("Happiness", 4)]
    [InlineData("angry", 0)]
    [InlineData("SADNESS", 6)]
    public void TryParse_SchemeNameOrSynonym_FindsPosition(string label, int position)
    {
        ExpressionTaxonomy.LfwExpressions.TryParse(label, out int p).Should().BeTrue();
        p.Should().Be(position);
    }

    [Fact]
    public void TryParse_ExpressionMissingFromScheme_ReturnsFalse() =>
        ExpressionTaxonomy.Fer2013.TryParse("contempt", out _).Should().BeFalse();

    [Fact]
    public void TryParseNameOrCode_IntegerCode_FindsPosition()
    {
        ExpressionTaxonomy.RafDbBasic.TryParseNameOrCode("5", out int p).Should().BeTrue();
        ExpressionTaxonomy.RafDbBasic.ExpressionAt(p).Should().Be(Expression.Sadness);
        ExpressionTaxonomy.RafDbBasic.TryParseNameOrCode("0", out _).Should().BeFalse();
    }

    [Fact]
    public void FromNames_ArbitraryLabels_KeepIndexWithoutExpression()
    {
        var s = LabelScheme.FromNames("mixed", ["cat", "happy", "dog"]);
        s.ExpressionAt(0).Should().BeNull();
        s.ExpressionAt(1).Should().Be(Expression.Happiness);
        s.Parse("DOG").Should().Be(2);
    }

    [Fact]
    public void Constructor_TwoSynonymsOfOneExpression_Throws() =>
        FluentActions.Invoking(() => LabelScheme.FromNames("bad", ["happy", "joy"])).Should().Throw<ArgumentException>()
            .WithMessage("*Happiness*'happy'*'joy'*");

    [Fact]
    public void Constructor_DuplicateCode_Throws() =>
        FluentActions.Invoking(() => new LabelScheme("bad", [new(1, "a", null), new(1, "b", null)])).Should().Throw<ArgumentException>()
            .WithMessage("*code 1*");

    [Fact]
    public void Parse_UnknownLabel_ThrowsListingNames() =>
        FluentActions.Invoking(() => ExpressionTaxonomy.IvpThermal.Parse("disgust")).Should().Throw<FormatException>()
            .WithMessage("*'disgust'*ivp-thermal*anger, fear, happy*");

    [Fact]
    public void Get_KnownAndUnknownNames()
    {
        ExpressionTaxonomy.Get("AffectNet").Should().BeSameAs(ExpressionTaxonomy.AffectNet);
        FluentActions.Invoking(() => ExpressionTaxonomy.Get("ckplus")).Should().Throw<ArgumentException>().WithMessage("*ckplus*fer2013*");
    }
}
