using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Faces;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Embeds face images with the pretrained <see cref="FaceExpressionNet"/>'s feature extractor: writes
/// the 256 average-pooled features that its expression classifier reads (non-negative), a starting
/// point for training a small head on another label set. Images are prepared as face-api does
/// (centred square, 112x112). The weights come from <see cref="FaceApiAssets"/>.
/// </summary>
public sealed class PretrainedFeaturesTransformer : RowMappingTransformer
{
    private const string Name = "PretrainedFeatures";
    private readonly Work work;

    /// <summary>Creates the transformer (loading the expression weights once per process).</summary>
    /// <exception cref="ArgumentException">A column name is empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public PretrainedFeaturesTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName, nameof(options.InputColumnName));
        Settings = new Options { OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName };
        work = new Work(Settings, FaceApiModels.Expression);
    }

    /// <summary>A copy of the settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Kind => Name;

    /// <inheritdoc />
    protected override RowMapper Mapper => work;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
    });

    internal static PretrainedFeaturesTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.Get<string>("inputColumnName"),
    });

    /// <summary>Settings of <see cref="PretrainedFeaturesTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The feature vector column to write (default "Features").</summary>
        public string OutputColumnName { get; set; } = "Features";

        /// <summary>The face image column to read (default "Face").</summary>
        public string InputColumnName { get; set; } = "Face";
    }

    private sealed class Work(Options settings, FaceExpressionNet net) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [settings.InputColumnName];

        public override bool IsExpensive => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, settings.InputColumnName, "Image", TransformSupport.IsImage, Name);
            return [(settings.OutputColumnName, new VectorDataViewType(FaceExpressionNet.FeatureCount), null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            outputs[0] = net.ExtractFeatures(TransformSupport.RequireImage(inputs[0], Name, settings.InputColumnName));
            return true;
        }
    }
}
