using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Testing;

namespace Fer.MLNet.Tests.Transforms;

public sealed class KeyMappingTests
{
    private readonly FerContext fer = new(seed: 1);

    private static InMemoryDataView Names(params string?[] names)
    {
        var schema = new DataViewSchema.Builder().AddColumn("Name", TextDataViewType.Instance).AddColumn("Score", NumberDataViewType.Single).ToSchema();
        return new InMemoryDataView(schema, [[.. names], [.. names.Select((_, i) => (object?)(float)i)]]);
    }

    [Fact]
    public void MapValueToKey_Workout_PassesEveryCheck()
    {
        var result = EstimatorWorkout.Run(fer.Transforms.MapValueToKey("Key", "Name"), Names("sad", "happy", "sad", "angry"), ["Name"]);

        result.Transformed.Schema["Key"].Annotations.KeyValues.Should().Equal("angry", "happy", "sad");
        result.Values["Key"].Should().Equal(2, 1, 2, 0);
    }

    [Fact]
    public void MapValueToKey_ByOccurrence_NumbersInFirstSeenOrder()
    {
        var data = Names("sad", "happy", "sad", "angry");

        var t = fer.Transforms.MapValueToKey("Key", "Name", KeyOrdinality.ByOccurrence).Fit(data);

        t.Keys.Should().Equal("sad", "happy", "angry");
        DataValues.Column<int>(t.Transform(data), "Key").Should().Equal(0, 1, 0, 2);
    }

    [Fact]
    public void MapValueToKey_SortedKeys_AreOrdinalAndIndependentOfRowOrder()
    {
        var t1 = fer.Transforms.MapValueToKey("Key", "Name").Fit(Names("b", "a", "B", "é", "a"));
        var t2 = fer.Transforms.MapValueToKey("Key", "Name").Fit(Names("é", "B", "a", "b"));

        t1.Keys.Should().Equal("B", "a", "b", "é").And.Equal(t2.Keys);
    }

    [Fact]
    public void MapValueToKey_NullValue_CountsAsEmptyString()
    {
        var t = fer.Transforms.MapValueToKey("Key", "Name").Fit(Names("x", null, ""));

        t.Keys.Should().Equal("", "x");
        DataValues.Column<int>(t.Transform(Names(null, "x")), "Key").Should().Equal(0, 1);
    }

    [Fact]
    public void Transform_UnknownValue_ErrorNamesValueColumnAndRow()
    {
        var t = fer.Transforms.MapValueToKey("Key", "Name").Fit(Names("happy", "sad"));
        var output = t.Transform(Names("sad", "happy", "contempt"));

        Action read = () => DataValues.ReadAll(output);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 2:*'Name'*'contempt'*not seen when fitting*'happy', 'sad'*");
    }

    [Fact]
    public void Transform_UnknownValueMapToMinusOne_GivesMinusOneAndBackEmpty()
    {
        var t = fer.Transforms.MapValueToKey("Key", "Name", unknownValues: UnknownValueHandling.MapToMinusOne)
            .Append(fer.Transforms.MapKeyToValue("Back", "Key")).Fit(Names("happy", "sad"));

        var output = t.Transform(Names("sad", "contempt"));

        DataValues.Column<int>(output, "Key").Should().Equal(1, -1);
        DataValues.Column<string>(output, "Back").Should().Equal("sad", "");
    }

    [Fact]
    public void MapValueToKey_EmptyData_FitThrowsNamingColumn()
    {
        Action fit = () => fer.Transforms.MapValueToKey("Key", "Name").Fit(Names());

        fit.Should().Throw<InvalidOperationException>().WithMessage("*'Name'*no rows*");
    }

    [Fact]
    public void MapKeyToValue_Workout_AfterMapValueToKey_PassesEveryCheck()
    {
        var keyed = fer.Transforms.MapValueToKey("Key", "Name").Fit(Names("b", "a", "c")).Transform(Names("b", "a", "c", "a"));

        var result = EstimatorWorkout.Run(fer.Transforms.MapKeyToValue("Back", "Key"), keyed, ["Key"]);

        result.Values["Back"].Should().Equal("b", "a", "c", "a");
    }

    [Fact]
    public void MapKeyToValue_NoKeyValues_GetOutputSchemaThrowsNamingColumn()
    {
        var schema = new DataViewSchema.Builder().AddColumn("Key", NumberDataViewType.Int32).ToSchema();

        Action check = () => fer.Transforms.MapKeyToValue("Name", "Key").GetOutputSchema(schema);

        check.Should().Throw<ArgumentException>().WithMessage("*'Key'*no KeyValues*");
    }

    [Fact]
    public void MapKeyToValue_OtherNamesAtTransform_Refused()
    {
        var t = fer.Transforms.MapValueToKey("Key", "Name").Append(fer.Transforms.MapKeyToValue("Back", "Key")).Fit(Names("a", "b"));
        var other = fer.Transforms.MapValueToKey("Key", "Name").Fit(Names("x", "y")).Transform(Names("x"));

        Action check = () => t.LastTransformer!.GetOutputSchema(other.Schema);

        check.Should().Throw<ArgumentException>().WithMessage("*'Key'*'x', 'y'*'a', 'b'*");
    }

    [Fact]
    public void MapKeyToValue_KeyOutOfRange_ErrorNamesKeyAndRow()
    {
        var schema = new DataViewSchema.Builder().AddColumn("Key", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = ["a", "b"] }).ToSchema();
        var data = new InMemoryDataView(schema, [[0, 1, 2]]);
        var output = fer.Transforms.MapKeyToValue("Name", "Key").Fit(data).Transform(data);

        Action read = () => DataValues.ReadAll(output);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 2:*key 2*0..1*");
    }

    [SkippableFact]
    public void MapKeyToValue_FerPlusLabels_GiveLabelNames()
    {
        var data = fer.Data.LoadFerPlus(SharedData.Require("data/ferplus/FER2013Valid"));

        var output = fer.Transforms.MapKeyToValue("Name", "Label").Fit(data).Transform(data);

        DataValues.Column<string>(output, "Name").Should().Equal(DataValues.Column<string>(data, "LabelName"));
    }
}
