using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Trainers.GcnMultitask;
using Fer.Testing;
using Fer.Trainers.GcnMultitask;
using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;

namespace Fer.MLNet.Tests.Trainers.GcnMultitask;

public sealed class DerivedValenceArousalViewTests
{
    [SkippableFact]
    public void DeriveValenceArousal_FerPlus_IsTheVoteWeightedTableMean()
    {
        var fer = new FerContext(seed: 1);
        var data = DataCatalog.Subset(fer.Data.LoadFerPlus(SharedData.Require("data/ferplus/FER2013Valid"), new FerPlusReaderOptions { IncludeContempt = false }), r => r < 50);
        IDataView derived = fer.Trainers.DeriveValenceArousal(data);
        float[][] votes = [.. DataCatalog.GetColumn<float[]>(data, "Votes")];
        float[] valence = [.. DataCatalog.GetColumn<float>(derived, "Valence")];
        float[] arousal = [.. DataCatalog.GetColumn<float>(derived, "Arousal")];
        for (int r = 0; r < votes.Length; r++)
        {
            // The eight emotion vote columns, in Expression order; unknown and NF are not emotions.
            double total = votes[r].Take(8).Sum(), v = 0, a = 0;
            for (int k = 0; k < 8; k++)
            {
                v += votes[r][k] / total * DerivedValenceArousal.Table[(Expression)k].Valence;
                a += votes[r][k] / total * DerivedValenceArousal.Table[(Expression)k].Arousal;
            }
            valence[r].Should().BeApproximately((float)v, 1e-5f, $"row {r}");
            arousal[r].Should().BeApproximately((float)a, 1e-5f, $"row {r}");
        }
    }

    [Fact]
    public void Create_SlotNamesGiven_UsesThem()
    {
        var schema = new DataViewSchema.Builder()
            .AddColumn("P", new VectorDataViewType(2), new DataViewAnnotations { SlotNames = ["sad", "happy"] }).ToSchema();
        var data = new InMemoryDataView(schema, [new object?[] { new float[] { 1, 0 }, new float[] { 1, 3 } }]);
        float[] v = [.. DataCatalog.GetColumn<float>(DerivedValenceArousalView.Create(data, "P"), "Valence")];
        v[0].Should().Be(DerivedValenceArousal.Table[Expression.Sadness].Valence);
        v[1].Should().BeApproximately(0.25f * DerivedValenceArousal.Table[Expression.Sadness].Valence + 0.75f * DerivedValenceArousal.Table[Expression.Happiness].Valence, 1e-6f);
    }

    [Fact]
    public void Create_BadColumn_Throws()
    {
        var schema = new DataViewSchema.Builder().AddColumn("P", new VectorDataViewType(3)).ToSchema();
        var data = new InMemoryDataView(schema, [new object?[] { new float[] { 1, 0, 0 } }]);
        var unnamed = () => DerivedValenceArousalView.Create(data, "P");
        unnamed.Should().Throw<ArgumentException>().WithMessage("*3 slots without slot names*");
        var missing = () => DerivedValenceArousalView.Create(data, "Distribution");
        missing.Should().Throw<ArgumentException>().WithMessage("*'Distribution' not found*");
    }
}
