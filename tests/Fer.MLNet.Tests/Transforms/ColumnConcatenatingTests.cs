using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;

namespace Fer.MLNet.Tests.Transforms;

public sealed class ColumnConcatenatingTests
{
    private readonly FerContext fer = new(seed: 1);

    private static InMemoryDataView Data(VectorDataViewType? vectorType = null, params float[][] vectors)
    {
        var schema = new DataViewSchema.Builder()
            .AddColumn("A", NumberDataViewType.Single)
            .AddColumn("V", vectorType ?? new VectorDataViewType(2), new DataViewAnnotations { SlotNames = ["v0", "v1"] })
            .AddColumn("B", NumberDataViewType.Single)
            .AddColumn("Tag", TextDataViewType.Instance)
            .ToSchema();
        int n = vectors.Length;
        return new InMemoryDataView(schema,
        [
            [.. Enumerable.Range(0, n).Select(i => (object?)(float)i)],
            [.. vectors],
            [.. Enumerable.Range(0, n).Select(i => (object?)(-i - 0.5f))],
            [.. Enumerable.Range(0, n).Select(i => (object?)$"t{i}")],
        ]);
    }

    [Fact]
    public void Workout_ScalarsAndVector_PassesEveryCheck()
    {
        var result = EstimatorWorkout.Run(fer.Transforms.Concatenate("Features", "A", "V", "B"), Data(null, [1, 2], [3, 4]), ["A", "V", "B"]);

        var column = result.Transformed.Schema["Features"];
        column.Type.Should().Be(new VectorDataViewType(4));
        column.Annotations.SlotNames.Should().Equal("A", "v0", "v1", "B");
        result.Values["Features"].Cast<float[]>().Should().BeEquivalentTo(new[] { new[] { 0f, 1, 2, -0.5f }, [1f, 3, 4, -1.5f] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Workout_VariableLengthVector_VariableOutput()
    {
        var result = EstimatorWorkout.Run(fer.Transforms.Concatenate("F", "V", "A", "V"), Data(new VectorDataViewType(), [1], [2, 3, 4]), ["V", "A"]);

        result.Transformed.Schema["F"].Type.Should().Be(new VectorDataViewType());
        result.Transformed.Schema["F"].Annotations.SlotNames.Should().BeNull();
        result.Values["F"].Cast<float[]>().Should().BeEquivalentTo(new[] { new[] { 1f, 0, 1 }, [2f, 3, 4, 1, 2, 3, 4] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void GetOutputSchema_StringInput_ThrowsNamingColumnAndType()
    {
        Action check = () => fer.Transforms.Concatenate("F", "A", "Tag").GetOutputSchema(Data(null).Schema);

        check.Should().Throw<ArgumentException>().WithMessage("*'Tag'*String*Single or a float vector*");
    }

    [Fact]
    public void Transform_VectorShorterThanDeclared_ErrorNamesRowAndColumn()
    {
        var data = Data(null, [1, 2], [3]);
        var output = fer.Transforms.Concatenate("F", "A", "V").Fit(data).Transform(data);

        Action read = () => DataValues.ReadAll(output);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 1:*'V'*2 values*holds 1*");
    }

    [Fact]
    public void Concatenate_NoInputs_Throws()
    {
        Action make = () => fer.Transforms.Concatenate("F");

        make.Should().Throw<ArgumentException>().WithMessage("*at least one input*");
    }
}
