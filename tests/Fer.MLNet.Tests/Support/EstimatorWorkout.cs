using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Tensors.Random;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Support;

/// <summary>
/// The reusable check of a pipeline component (after ML.NET's TestEstimatorCore). For an estimator,
/// valid data and the names of the input columns it reads, it checks:
/// <list type="number">
/// <item>each input column missing, and each given another type, is refused with an <see cref="ArgumentException"/>
/// naming the column, by the estimator's GetOutputSchema and Fit (before reading any row) and by the fitted
/// transformer's GetOutputSchema and Transform;</item>
/// <item>Fit and Transform leave the input's values unchanged;</item>
/// <item>the estimator's output schema equals the fitted transformer's, which equals the transformed view's;</item>
/// <item>the transformed view reads fully, every value of its column's type (known vector and image sizes
/// respected), twice with bit-identical results;</item>
/// <item>the transformer saved as a model zip and loaded again has the same output schema and gives
/// bit-identical values in every column (for a training transformer, also on its training path with a
/// seeded cursor), and saving the loaded model gives the same bytes.</item>
/// </list>
/// </summary>
internal static class EstimatorWorkout
{
    /// <summary>Runs every check; returns the fitted transformer and the transformed values.</summary>
    /// <param name="estimator">The component.</param>
    /// <param name="data">Valid input.</param>
    /// <param name="inputColumns">The columns the component reads (each is dropped and retyped in turn).</param>
    /// <param name="expectedRows">Rows the output must have (default: the input's row count).</param>
    /// <param name="invalid">Further invalid inputs, each with the column its error must name.</param>
    public static Result Run(IEstimator<ITransformer> estimator, IDataView data, IReadOnlyList<string> inputColumns,
        long? expectedRows = null, IEnumerable<(DataViewSchema Schema, string Column)>? invalid = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(data);
        inputColumns.Should().NotBeEmpty("the workout needs the input columns to break");

        // 1. Bad schemas are refused by the estimator before any row is read.
        var bad = new List<(DataViewSchema Schema, string Column, string Case)>();
        foreach (string column in inputColumns)
        {
            DataViewType type = data.Schema[column].Type;
            DataViewType wrong = type is BooleanDataViewType ? TextDataViewType.Instance : BooleanDataViewType.Instance;
            bad.Add((SchemaAssert.Without(data.Schema, column), column, "missing"));
            bad.Add((SchemaAssert.Retyped(data.Schema, column, wrong), column, $"retyped to {wrong}"));
        }
        foreach (var (schema, column) in invalid ?? []) bad.Add((schema, column, "invalid"));
        foreach (var (schema, column, @case) in bad)
        {
            ExpectRefusal(() => estimator.GetOutputSchema(schema), column, $"estimator GetOutputSchema, '{column}' {@case}");
            ExpectRefusal(() => estimator.Fit(new SchemaOnlyView(schema)), column, $"estimator Fit, '{column}' {@case}");
        }

        // 2. Fit leaves its input unchanged.
        DataValues.Table before = DataValues.ReadAll(data);
        DataViewSchema estimated = estimator.GetOutputSchema(data.Schema);
        ITransformer fitted = estimator.Fit(data);
        DataValues.AssertIdentical(before, DataValues.ReadAll(data), "input after Fit");

        foreach (var (schema, column, @case) in bad)
        {
            ExpectRefusal(() => fitted.GetOutputSchema(schema), column, $"transformer GetOutputSchema, '{column}' {@case}");
            ExpectRefusal(() => fitted.Transform(new SchemaOnlyView(schema)), column, $"transformer Transform, '{column}' {@case}");
        }

        // 3. Schemas agree.
        DataViewSchema declared = fitted.GetOutputSchema(data.Schema);
        SchemaAssert.Equal(estimated, declared, "estimator vs fitted transformer output schema", expectedMayLackAnnotationValues: true);
        IDataView transformed = fitted.Transform(data);
        SchemaAssert.Equal(declared, transformed.Schema, "declared vs transformed schema");

        // 4. Reads fully, values typed as declared, deterministic; input still unchanged.
        DataValues.Table values = DataValues.ReadAll(transformed);
        values.Rows.Count.Should().Be((int)(expectedRows ?? data.GetRowCount() ?? values.Rows.Count), "the transformed view has the expected rows");
        CheckTypes(values);
        DataValues.AssertIdentical(values, DataValues.ReadAll(transformed), "a second pass over the transformed view");
        DataValues.AssertIdentical(before, DataValues.ReadAll(data), "input after Transform");

        // 5. Save, reload, compare.
        byte[] zip = ModelFile.Serialize(fitted, data.Schema);
        TransformerChain<ITransformer> reloaded = ModelFile.Load(new MemoryStream(zip), out DataViewSchema savedSchema, "workout.zip");
        SchemaAssert.Equal(SchemaAssert.Visible(data.Schema), savedSchema, "saved input schema");
        SchemaAssert.Equal(declared, reloaded.GetOutputSchema(data.Schema), "reloaded output schema");
        DataValues.AssertIdentical(values, DataValues.ReadAll(reloaded.Transform(data)), "reloaded model output");
        ModelFile.Serialize(reloaded, savedSchema).Should().Equal(zip, "saving a loaded model gives the same bytes");
        if (fitted is ITrainingTransformer training)
        {
            var again = (ITrainingTransformer)reloaded.Single();
            DataValues.AssertIdentical(
                DataValues.ReadAll(training.TransformForTraining(data), new Generator(17)),
                DataValues.ReadAll(again.TransformForTraining(data), new Generator(17)),
                "reloaded model's training path");
        }
        return new Result(fitted, transformed, values);
    }

    private static void ExpectRefusal(Action act, string column, string what)
    {
        act.Should().Throw<ArgumentException>(what).Which.Message.Should().Contain($"'{column}'", what);
    }

    private static void CheckTypes(DataValues.Table table)
    {
        for (int c = 0; c < table.Columns.Count; c++)
        {
            var column = table.Columns[c];
            for (int r = 0; r < table.Rows.Count; r++)
            {
                object? v = table.Rows[r][c];
                string where = $"row {r}, column '{column.Name}' ({column.Type})";
                if (v is null)
                {
                    column.Type.RawType.IsValueType.Should().BeFalse($"{where} is null");
                    continue;
                }
                column.Type.RawType.IsInstanceOfType(v).Should().BeTrue($"{where} holds a {v.GetType().Name}");
                if (column.Type is VectorDataViewType { IsKnownSize: true } vt) ((float[])v).Length.Should().Be(vt.Size, where);
                if (column.Type is ImageDataViewType { Width: > 0 } it)
                {
                    var image = (Image)v;
                    (image.Width, image.Height).Should().Be((it.Width, it.Height), where);
                }
            }
        }
    }

    /// <summary>What the workout produced, for further checks.</summary>
    public sealed record Result(ITransformer Transformer, IDataView Transformed, DataValues.Table Values);
}
