using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Converts an image column to one-channel grey (ITU-R BT.601 luma, as PIL's <c>convert("L")</c>);
/// grey images pass through as copies. The output image type keeps the input's known size.
/// </summary>
public sealed class ImageGrayscalingTransformer : RowMappingTransformer
{
    private readonly Work mapper;

    /// <summary>Creates the transformer.</summary>
    /// <exception cref="ArgumentException">The output column name is empty.</exception>
    public ImageGrayscalingTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        Settings = new Options { OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName };
        mapper = new Work(Settings);
    }

    /// <summary>A copy of the settings the transformer was made with.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Kind => "ConvertToGrayscale";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
    });

    internal static ImageGrayscalingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
    });

    /// <summary>Settings of <see cref="ImageGrayscalingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The grey image column to write.</summary>
        public string OutputColumnName { get; set; } = "Image";

        /// <summary>The image column to read (null: the output column name).</summary>
        public string? InputColumnName { get; set; }
    }

    private sealed class Work(Options settings) : RowMapper
    {
        private string Input => settings.InputColumnName ?? settings.OutputColumnName;

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override bool IsExpensive => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            var col = RequireColumn(inputSchema, Input, "Image", TransformSupport.IsImage, "ConvertToGrayscale");
            var type = (ImageDataViewType)col.Type;
            return [(settings.OutputColumnName, new ImageDataViewType(type.Width, type.Height), null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            outputs[0] = TransformSupport.RequireImage(inputs[0], "ConvertToGrayscale", Input).ToGrey();
            return true;
        }
    }
}
