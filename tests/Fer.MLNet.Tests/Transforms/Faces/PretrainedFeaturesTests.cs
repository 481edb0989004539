using Fer.MLNet.Tests.Support;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms.Faces;

public sealed class PretrainedFeaturesTests
{
    private readonly FerContext fer = new(seed: 1);

    [Fact]
    public void Workout_Faces_GivesTheNetworksFeatures()
    {
        var data = FaceTestImages.Mixed();

        var result = EstimatorWorkout.Run(fer.Transforms.PretrainedFeatures("Features", "Image"), data, ["Image"]);

        var images = DataValues.Column<Image>(data, "Image");
        var features = result.Values["Features"].Cast<float[]>().ToList();
        for (int i = 0; i < images.Count; i++)
            features[i].Should().HaveCount(FaceExpressionNet.FeatureCount).And.Equal(FaceTestImages.Expression.ExtractFeatures(images[i]), $"row {i}");
    }
}
