using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Faces;
using Fer.Transforms.Taxonomy;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Scores face images with the pretrained <see cref="FaceExpressionNet"/>: writes Score (the class
/// probabilities, SlotNames = class names) and PredictedLabel (the most probable class as a 0-based
/// Int32, KeyValues = class names), in face-api's order or the canonical one
/// (<see cref="Options.ClassOrder"/>). Each image is padded to a centred square and resized to
/// 112x112 as face-api does, so any face crop (grey or RGB, any size) is accepted. The weights come
/// from <see cref="FaceApiAssets"/> and are not stored in the model file.
/// </summary>
public sealed class PretrainedExpressionTransformer : RowMappingTransformer
{
    private const string Name = "PretrainedExpression";
    private readonly Work work;

    /// <summary>Creates the transformer (loading the expression weights once per process).</summary>
    /// <exception cref="ArgumentException">A column name is empty, the output names coincide, or the class order is undefined.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public PretrainedExpressionTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName, nameof(options.InputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.ScoreColumnName, nameof(options.ScoreColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.PredictedLabelColumnName, nameof(options.PredictedLabelColumnName));
        if (options.ScoreColumnName == options.PredictedLabelColumnName)
            throw new ArgumentException($"{Name}: Score and PredictedLabel columns must have different names ('{options.ScoreColumnName}').", nameof(options));
        if (!Enum.IsDefined(options.ClassOrder)) throw new ArgumentOutOfRangeException(nameof(options), options.ClassOrder, "ClassOrder is not a defined ExpressionClassOrder.");
        Settings = new Options
        {
            InputColumnName = options.InputColumnName, ScoreColumnName = options.ScoreColumnName,
            PredictedLabelColumnName = options.PredictedLabelColumnName, ClassOrder = options.ClassOrder,
        };
        Classes = options.ClassOrder switch
        {
            ExpressionClassOrder.Canonical7 => ExpressionTaxonomy.Canonical7,
            ExpressionClassOrder.Canonical8 => ExpressionTaxonomy.Canonical8,
            _ => ExpressionTaxonomy.FaceApi,
        };
        work = new Work(Settings, Classes, FaceApiModels.Expression);
    }

    /// <summary>A copy of the settings.</summary>
    public Options Settings { get; }

    /// <summary>The classes of Score's slots and PredictedLabel's values, in order.</summary>
    public LabelScheme Classes { get; }

    /// <inheritdoc />
    public override string Kind => Name;

    /// <inheritdoc />
    protected override RowMapper Mapper => work;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["inputColumnName"] = Settings.InputColumnName,
        ["scoreColumnName"] = Settings.ScoreColumnName,
        ["predictedLabelColumnName"] = Settings.PredictedLabelColumnName,
        ["classOrder"] = Settings.ClassOrder.ToString(),
    });

    internal static PretrainedExpressionTransformer Load(TransformerState s) => new(new Options
    {
        InputColumnName = s.Get<string>("inputColumnName"),
        ScoreColumnName = s.Get<string>("scoreColumnName"),
        PredictedLabelColumnName = s.Get<string>("predictedLabelColumnName"),
        ClassOrder = s.GetEnum<ExpressionClassOrder>("classOrder"),
    });

    /// <summary>Settings of <see cref="PretrainedExpressionTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The face image column to read (default "Face").</summary>
        public string InputColumnName { get; set; } = "Face";

        /// <summary>The probabilities column to write (default "Score").</summary>
        public string ScoreColumnName { get; set; } = "Score";

        /// <summary>The predicted class column to write (default "PredictedLabel").</summary>
        public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

        /// <summary>The class order of both outputs (default <see cref="ExpressionClassOrder.FaceApi"/>).</summary>
        public ExpressionClassOrder ClassOrder { get; set; } = ExpressionClassOrder.FaceApi;
    }

    private sealed class Work(Options settings, LabelScheme classes, FaceExpressionNet net) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [settings.InputColumnName];

        public override bool IsExpensive => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, settings.InputColumnName, "Image", TransformSupport.IsImage, Name);
            return
            [
                (settings.ScoreColumnName, new VectorDataViewType(classes.Count), new DataViewAnnotations { SlotNames = classes.Names }),
                (settings.PredictedLabelColumnName, NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = classes.Names }),
            ];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            var prediction = net.Predict(TransformSupport.RequireImage(inputs[0], Name, settings.InputColumnName));
            float[] scores = settings.ClassOrder == ExpressionClassOrder.FaceApi ? [.. prediction.Probabilities] : prediction.ProbabilitiesIn(classes);
            outputs[0] = scores;
            outputs[1] = classes.PositionOf(prediction.Predicted) ?? throw new InvalidOperationException($"{Name}: class {prediction.Predicted} is not in '{classes.Name}'.");
            return true;
        }
    }
}
