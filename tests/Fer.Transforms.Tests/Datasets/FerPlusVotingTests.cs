using Fer.Transforms.Datasets;

namespace Fer.Transforms.Tests.Datasets;

public class FerPlusVotingTests
{
    private static int? Decide(float[] votes, FerPlusReaderOptions options, out string? reason) =>
        FerPlusVoting.Decide(votes, options, out _, out reason);

    [Fact]
    public void Decide_MajorityTie_DroppedOrFirstByOption()
    {
        float[] votes = [4, 4, 0, 0, 0, 0, 0, 0, 2, 0];
        Decide(votes, new() { Mode = FerPlusLabelMode.Majority }, out string? reason).Should().BeNull();
        reason.Should().Contain("tie");
        Decide(votes, new() { Mode = FerPlusLabelMode.Majority, DropTies = false }, out _).Should().Be(0);
        Decide(votes, new() { Mode = FerPlusLabelMode.Plurality }, out _).Should().Be(0);
    }

    [Fact]
    public void Decide_StrictMajority_NeedsMoreThanHalfOfAllTenColumns()
    {
        var strict = new FerPlusReaderOptions { Mode = FerPlusLabelMode.StrictMajority };
        Decide([5, 3, 0, 0, 0, 0, 0, 0, 2, 0], strict, out _).Should().BeNull(); // 5 of 10 is not more than half
        Decide([6, 3, 0, 0, 0, 0, 0, 0, 1, 0], strict, out _).Should().Be(0);
        Decide([0, 0, 3, 0, 0, 0, 0, 0, 1, 1], strict, out _).Should().Be(2); // 3 of 5
        Decide([5, 3, 0, 0, 0, 0, 0, 0, 2, 0], new() { Mode = FerPlusLabelMode.Majority }, out _).Should().Be(0);
    }

    [Fact]
    public void Decide_UnknownOrNotFaceOnTop_DroppedUnlessDisabled()
    {
        float[] unknown = [2, 1, 0, 0, 0, 0, 0, 0, 5, 2];
        Decide(unknown, new(), out string? reason).Should().BeNull();
        reason.Should().Contain("unknown");
        Decide(unknown, new() { DropUnknown = false }, out _).Should().Be(0);
        float[] notFace = [1, 0, 0, 0, 0, 0, 0, 0, 0, 9];
        Decide(notFace, new(), out reason).Should().BeNull();
        reason.Should().Contain("NF");
        Decide(notFace, new() { DropNotFace = false }, out _).Should().Be(0);
        Decide([0, 0, 0, 0, 0, 0, 0, 0, 3, 7], new() { DropUnknown = false, DropNotFace = false }, out reason).Should().BeNull();
        reason.Should().Be("no emotion votes");
    }

    [Fact]
    public void Decide_Contempt_DroppedWhenExcluded()
    {
        float[] votes = [1, 0, 0, 0, 0, 0, 0, 8, 1, 0];
        Decide(votes, new(), out _).Should().Be(7);
        Decide(votes, new() { IncludeContempt = false }, out string? reason).Should().BeNull();
        reason.Should().Be("contempt excluded");
    }

    [Fact]
    public void Decide_ProbabilityWithoutContempt_RenormalisesTheOtherSeven()
    {
        float[] votes = [2, 0, 0, 0, 1, 0, 0, 6, 1, 0];
        FerPlusVoting.Decide(votes, new() { Mode = FerPlusLabelMode.Probability }, out var full, out _).Should().Be(7);
        full.Should().Equal(2 / 9f, 0, 0, 0, 1 / 9f, 0, 0, 6 / 9f);
        FerPlusVoting.Decide(votes, new() { Mode = FerPlusLabelMode.Probability, IncludeContempt = false }, out var seven, out _).Should().Be(0);
        seven.Should().Equal(2 / 3f, 0, 0, 0, 1 / 3f, 0, 0, 0);
    }

    [Fact]
    public void Decide_BadVotes_Throw()
    {
        FluentActions.Invoking(() => FerPlusVoting.Decide(new float[9], new(), out _, out _)).Should().Throw<ArgumentException>().WithMessage("*10 vote columns*");
        FluentActions.Invoking(() => FerPlusVoting.Decide([1, -1, 0, 0, 0, 0, 0, 0, 0, 0], new(), out _, out _)).Should().Throw<ArgumentException>().WithMessage("*non-negative*");
    }
}
