using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Faces;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Aligns face images by their eyes: finds 68 landmarks with the pretrained
/// <see cref="FaceLandmark68TinyNet"/> (the input image is taken as the face crop, e.g. the output of
/// <see cref="FaceCroppingTransformer"/>; the net was trained on the detector's boxes, margin 0), then rotates, scales and crops so the eyes lie level at
/// fixed places of a <see cref="Options.Size"/> square (<see cref="FaceAligner"/>). The output type
/// has that known size. The weights come from <see cref="FaceApiAssets"/>.
/// </summary>
public sealed class FaceAligningTransformer : RowMappingTransformer
{
    private const string Name = "AlignFaces";
    private readonly Work work;

    /// <summary>Creates the transformer (loading the landmark weights once per process).</summary>
    /// <exception cref="ArgumentException">A column name is empty or a number is out of range.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public FaceAligningTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        var alignment = new FaceAlignmentOptions { Size = options.Size, EyeDistance = options.EyeDistance, EyeHeight = options.EyeHeight, Passes = options.Passes, Fill = options.Fill };
        alignment.Validate();
        Settings = new Options
        {
            OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName,
            Size = options.Size, EyeDistance = options.EyeDistance, EyeHeight = options.EyeHeight, Passes = options.Passes, Fill = options.Fill,
        };
        work = new Work(Settings, new FaceAligner(FaceApiModels.Landmarks, alignment));
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
        ["size"] = Settings.Size,
        ["eyeDistance"] = Settings.EyeDistance,
        ["eyeHeight"] = Settings.EyeHeight,
        ["passes"] = Settings.Passes,
        ["fill"] = Settings.Fill,
    });

    internal static FaceAligningTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
        Size = s.Get<int>("size"),
        EyeDistance = s.Get<double>("eyeDistance"),
        EyeHeight = s.Get<double>("eyeHeight"),
        Passes = s.Get<int>("passes"),
        Fill = s.Get<byte>("fill"),
    });

    /// <summary>Settings of <see cref="FaceAligningTransformer"/>; the numbers are <see cref="FaceAlignmentOptions"/>'.</summary>
    public sealed class Options
    {
        /// <summary>The aligned image column to write (default "Face").</summary>
        public string OutputColumnName { get; set; } = "Face";

        /// <summary>The face image column to read (null: the output column name).</summary>
        public string? InputColumnName { get; set; }

        /// <summary>Side of the square output in pixels (default 112).</summary>
        public int Size { get; set; } = FaceAlignmentOptions.Default.Size;

        /// <summary>Distance between the eye centres as a fraction of the side (default 0.35).</summary>
        public double EyeDistance { get; set; } = FaceAlignmentOptions.Default.EyeDistance;

        /// <summary>Height of the eye line below the top as a fraction of the side (default 0.38).</summary>
        public double EyeHeight { get; set; } = FaceAlignmentOptions.Default.EyeHeight;

        /// <summary>Landmark passes (default 2: the eyes are found again on the aligned face).</summary>
        public int Passes { get; set; } = FaceAlignmentOptions.Default.Passes;

        /// <summary>Grey level of areas outside the source image (default 0).</summary>
        public byte Fill { get; set; }
    }

    private sealed class Work(Options settings, FaceAligner aligner) : RowMapper
    {
        private string Input => settings.InputColumnName ?? settings.OutputColumnName;

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override bool IsExpensive => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, Input, "Image", TransformSupport.IsImage, Name);
            return [(settings.OutputColumnName, new ImageDataViewType(settings.Size, settings.Size), null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            outputs[0] = aligner.Align(TransformSupport.RequireImage(inputs[0], Name, Input)).Image;
            return true;
        }
    }
}
