using Fer.Trainers.Backbones;
using Fer.Trainers.FeatureExtractor;

namespace Fer.Trainers.Tests.FeatureExtractor;

public class FeatureSizeTests
{
    [Theory]
    [InlineData(BackboneKind.Vgg, 0)]
    [InlineData(BackboneKind.Vgg, 8)]
    [InlineData(BackboneKind.ResNet18, 0)]
    [InlineData(BackboneKind.ResNet18, 8)]
    [InlineData(BackboneKind.MobileFaceNet, 0)]
    [InlineData(BackboneKind.MobileFaceNet, 32)]
    public void FeatureSizeOf_AnyBackbone_MatchesTheBuiltBackbone(BackboneKind kind, int width)
    {
        var built = (IBackbone)BackboneFactory.Create(kind, 1, 48, width);
        FeatureExtractorTrainer.FeatureSizeOf(kind, width).Should().Be(built.FeatureSize);
    }
}
