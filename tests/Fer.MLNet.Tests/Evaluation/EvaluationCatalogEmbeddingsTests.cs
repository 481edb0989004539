using Fer.MLNet.Data;
using Fer.Tensors.Random;
using Fer.Trainers.Metrics;
using static Fer.MLNet.Tests.Evaluation.ScoredViews;

namespace Fer.MLNet.Tests.Evaluation;

public sealed class EvaluationCatalogEmbeddingsTests
{
    [Fact]
    public void Embeddings_SeparatedClusters_ScorePerfectly()
    {
        float[][] features = [[0f, 0f], [0.1f, 0f], [0f, 0.1f], [5f, 5f], [5.1f, 5f], [5f, 5.1f], [9f, 9f]];
        InMemoryDataView data = Build(Ints("Label", [0, 0, 0, 1, 1, 1, -1]), Vectors("Features", features));

        TripletMetrics m = new FerContext().Evaluate.Embeddings(data, triplets: 300, seed: 4);

        m.TripletCount.Should().Be(300);
        m.Accuracy.Should().Be(1);
        m.UnlabelledRowCount.Should().Be(1);
    }

    [Fact]
    public void Embeddings_Seed_MakesTheResultReproducible()
    {
        var g = new Generator(2);
        float[][] features = [.. Enumerable.Range(0, 40).Select(_ => new[] { (float)g.NextNormal(), (float)g.NextNormal() })];
        InMemoryDataView data = Build(Ints("Label", [.. Enumerable.Range(0, 40).Select(i => i % 4)]), Vectors("Features", features));
        var fer = new FerContext(3);

        double a = fer.Evaluate.Embeddings(data, triplets: 50, seed: 8, distance: DistanceMetric.Cosine).Accuracy;
        double b = fer.Evaluate.Embeddings(data, triplets: 50, seed: 8, distance: DistanceMetric.Cosine).Accuracy;
        double[] others = [.. Enumerable.Range(9, 5).Select(s => fer.Evaluate.Embeddings(data, triplets: 50, seed: s, distance: DistanceMetric.Cosine).Accuracy)];

        a.Should().Be(b);
        others.Should().Contain(x => x != a, "other seeds draw other triplets");
        fer.Evaluate.Embeddings(data, triplets: 50).Accuracy.Should().Be(new FerContext(3).Evaluate.Embeddings(data, triplets: 50).Accuracy, "the default seed is the context's");
    }

    [Fact]
    public void Embeddings_BadColumns_ThrowNamingTheColumn()
    {
        InMemoryDataView data = Build(Ints("Label", [0, 0, 1]), Singles("Features", [1f, 2f, 3f]));
        InMemoryDataView oneClass = Build(Ints("Label", [0, 0, 0]), Vectors("Features", [[1f], [2f], [3f]]));

        FluentActions.Invoking(() => new FerContext().Evaluate.Embeddings(data))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Embeddings: column 'Features' (featuresColumnName) has type Single; expected a float vector*");
        FluentActions.Invoking(() => new FerContext().Evaluate.Embeddings(oneClass))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Embeddings: Cannot form triplets*labels = column 'Label'*");
    }
}
