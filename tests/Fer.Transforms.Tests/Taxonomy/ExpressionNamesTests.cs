using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Tests.Taxonomy;

public class ExpressionNamesTests
{
    [Theory]
    [InlineData("happy", Expression.Happiness)]
    [InlineData("Happiness", Expression.Happiness)]
    [InlineData("JOY", Expression.Happiness)]
    [InlineData("angry", Expression.Anger)]
    [InlineData(" anger ", Expression.Anger)]
    [InlineData("sad", Expression.Sadness)]
    [InlineData("Sadness", Expression.Sadness)]
    [InlineData("surprised", Expression.Surprise)]
    [InlineData("surprise", Expression.Surprise)]
    [InlineData("fearful", Expression.Fear)]
    [InlineData("Fear", Expression.Fear)]
    [InlineData("scared", Expression.Fear)]
    [InlineData("disgusted", Expression.Disgust)]
    [InlineData("DISGUST", Expression.Disgust)]
    [InlineData("neutral", Expression.Neutral)]
    [InlineData("contempt", Expression.Contempt)]
    public void TryParse_SynonymAnyCase_GivesExpression(string name, Expression expected)
    {
        ExpressionNames.TryParse(name, out var e).Should().BeTrue();
        e.Should().Be(expected);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("NF")]
    [InlineData("None")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("happyy")]
    public void TryParse_NotAnExpression_ReturnsFalse(string? name) =>
        ExpressionNames.TryParse(name, out _).Should().BeFalse();

    [Fact]
    public void Parse_UnknownName_ThrowsListingKnownNames() =>
        FluentActions.Invoking(() => ExpressionNames.Parse("grumpy")).Should().Throw<FormatException>()
            .WithMessage("*'grumpy'*happiness*");

    [Fact]
    public void ToName_EveryExpression_RoundTripsThroughParse()
    {
        foreach (var e in Enum.GetValues<Expression>())
            ExpressionNames.Parse(ExpressionNames.ToName(e)).Should().Be(e);
    }

    [Fact]
    public void ToName_UndefinedValue_Throws() =>
        FluentActions.Invoking(() => ExpressionNames.ToName((Expression)8)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void Expression_Values_FollowFerPlusVoteColumns()
    {
        // FER+ label.csv vote columns, in order.
        string[] ferPlusColumns = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt"];
        for (int i = 0; i < ferPlusColumns.Length; i++)
            ((int)ExpressionNames.Parse(ferPlusColumns[i])).Should().Be(i);
    }
}
