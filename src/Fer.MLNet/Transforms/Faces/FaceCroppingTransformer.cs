using System.Drawing;
using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Finds faces with the pretrained <see cref="TinyFaceDetector"/> and crops them: writes the face
/// image (the box grown by <see cref="Options.Margin"/>, clipped to the image), a FaceFound flag and
/// a FaceBox vector (x, y, width, height of the region cropped, in input pixels). Either the largest
/// face per row or one row per face (<see cref="Options.Selection"/>); rows without a face keep the
/// whole image or are dropped (<see cref="Options.NoFace"/>). The weights come from
/// <see cref="FaceApiAssets"/> and are not stored in the model file.
/// </summary>
public sealed class FaceCroppingTransformer : RowMappingTransformer
{
    private const string Name = "DetectAndCropFaces";
    private readonly Work work;

    /// <summary>Creates the transformer (loading the detector's weights once per process).</summary>
    /// <exception cref="ArgumentException">A column name is empty or repeated, an enum value is undefined, or a number is out of range.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public FaceCroppingTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.InputColumnName, nameof(options.InputColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.FaceFoundColumnName, nameof(options.FaceFoundColumnName));
        ArgumentException.ThrowIfNullOrEmpty(options.FaceBoxColumnName, nameof(options.FaceBoxColumnName));
        if (new[] { options.OutputColumnName, options.FaceFoundColumnName, options.FaceBoxColumnName }.Distinct(StringComparer.Ordinal).Count() != 3)
            throw new ArgumentException($"{Name}: the output columns '{options.OutputColumnName}', '{options.FaceFoundColumnName}' and '{options.FaceBoxColumnName}' must have different names.", nameof(options));
        if (!Enum.IsDefined(options.Selection)) throw new ArgumentOutOfRangeException(nameof(options), options.Selection, "Selection is not a defined FaceSelection.");
        if (!Enum.IsDefined(options.NoFace)) throw new ArgumentOutOfRangeException(nameof(options), options.NoFace, "NoFace is not a defined NoFaceHandling.");
        if (!float.IsFinite(options.Margin) || options.Margin < 0 || options.Margin > 2)
            throw new ArgumentOutOfRangeException(nameof(options), options.Margin, "Margin must be a fraction of the box in [0, 2].");
        if (!float.IsFinite(options.MinFaceSize) || options.MinFaceSize < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MinFaceSize, "MinFaceSize must be a non-negative number of pixels.");
        ArgumentNullException.ThrowIfNull(options.Detector, nameof(options.Detector));
        options.Detector.Validate();
        Settings = new Options
        {
            OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName,
            FaceFoundColumnName = options.FaceFoundColumnName, FaceBoxColumnName = options.FaceBoxColumnName,
            Selection = options.Selection, NoFace = options.NoFace, Margin = options.Margin, MinFaceSize = options.MinFaceSize,
            Detector = options.Detector with { ExtraInputSizes = [.. options.Detector.ExtraInputSizes] },
        };
        work = new Work(Settings, FaceApiModels.Detector);
    }

    /// <summary>A copy of the settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public override string Kind => Name;

    /// <inheritdoc />
    protected override RowMapper Mapper => work;

    /// <inheritdoc />
    public override IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Settings.Selection == FaceSelection.Each ? new FlatMappedDataView(input, work) : new MappedDataView(input, work);
    }

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
        ["faceFoundColumnName"] = Settings.FaceFoundColumnName,
        ["faceBoxColumnName"] = Settings.FaceBoxColumnName,
        ["selection"] = Settings.Selection.ToString(),
        ["noFace"] = Settings.NoFace.ToString(),
        ["margin"] = Settings.Margin,
        ["minFaceSize"] = Settings.MinFaceSize,
        ["inputSize"] = Settings.Detector.InputSize,
        ["extraInputSizes"] = TransformSupport.ToJson(Settings.Detector.ExtraInputSizes.Select(s => (float)s)),
        ["scoreThreshold"] = Settings.Detector.ScoreThreshold,
        ["iouThreshold"] = Settings.Detector.IouThreshold,
    });

    internal static FaceCroppingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.Get<string>("inputColumnName"),
        FaceFoundColumnName = s.Get<string>("faceFoundColumnName"),
        FaceBoxColumnName = s.Get<string>("faceBoxColumnName"),
        Selection = s.GetEnum<FaceSelection>("selection"),
        NoFace = s.GetEnum<NoFaceHandling>("noFace"),
        Margin = s.Get<float>("margin"),
        MinFaceSize = s.Get<float>("minFaceSize"),
        Detector = new TinyFaceDetectorOptions
        {
            InputSize = s.Get<int>("inputSize"),
            ExtraInputSizes = [.. s.GetFloats("extraInputSizes").Select(v => v == Math.Floor(v) && Math.Abs(v) < 1e6 ? (int)v : throw new FormatException($"Option 'extraInputSizes' holds {v}, not a whole number."))],
            ScoreThreshold = s.Get<float>("scoreThreshold"),
            IouThreshold = s.Get<float>("iouThreshold"),
        },
    });

    /// <summary>Settings of <see cref="FaceCroppingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The face image column to write (default "Face").</summary>
        public string OutputColumnName { get; set; } = "Face";

        /// <summary>The image column to search (default "Image").</summary>
        public string InputColumnName { get; set; } = "Image";

        /// <summary>The Boolean column telling whether a face was found (default "FaceFound").</summary>
        public string FaceFoundColumnName { get; set; } = "FaceFound";

        /// <summary>The column of the region cropped, (x, y, width, height) in input pixels (default "FaceBox", the layout of the dataset loaders' FaceBox).</summary>
        public string FaceBoxColumnName { get; set; } = "FaceBox";

        /// <summary>The largest face per row, or one row per face (default <see cref="FaceSelection.Largest"/>).</summary>
        public FaceSelection Selection { get; set; } = FaceSelection.Largest;

        /// <summary>What to do when no face is found (default <see cref="NoFaceHandling.KeepWholeImage"/>).</summary>
        public NoFaceHandling NoFace { get; set; } = NoFaceHandling.KeepWholeImage;

        /// <summary>The box is grown by this fraction of its width on the left and on the right, and of its height above and below (default 0: face-api's crop).</summary>
        public float Margin { get; set; }

        /// <summary>Faces whose box is narrower or lower than this many pixels are ignored (default 0).</summary>
        public float MinFaceSize { get; set; }

        /// <summary>The detector's settings (default <see cref="TinyFaceDetectorOptions.Default"/>: input sizes 416 and 512, score threshold 0.5).</summary>
        public TinyFaceDetectorOptions Detector { get; set; } = TinyFaceDetectorOptions.Default;
    }

    private sealed class Work(Options settings, TinyFaceDetector detector) : RowMapper, IRowExpander
    {
        public override IReadOnlyList<string> InputColumnNames => [settings.InputColumnName];

        public override bool IsExpensive => true;

        public override bool CanDropRows => settings.NoFace == NoFaceHandling.DropRow;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, settings.InputColumnName, "Image", TransformSupport.IsImage, Name);
            return
            [
                (settings.OutputColumnName, new ImageDataViewType(), null),
                (settings.FaceFoundColumnName, BooleanDataViewType.Instance, null),
                (settings.FaceBoxColumnName, new VectorDataViewType(4), new DataViewAnnotations { SlotNames = ["x", "y", "width", "height"] }),
            ];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            Image image = TransformSupport.RequireImage(inputs[0], Name, settings.InputColumnName);
            var faces = Faces(image);
            if (faces.Count == 0)
            {
                if (settings.NoFace == NoFaceHandling.DropRow) return false;
                WholeImage(image, outputs);
                return true;
            }
            Crop(image, faces.MaxBy(f => f.Area), outputs);
            return true;
        }

        public void Expand(ReadOnlySpan<object?> inputs, List<object?[]> rows, RowContext context)
        {
            Image image = TransformSupport.RequireImage(inputs[0], Name, settings.InputColumnName);
            var faces = Faces(image);
            if (faces.Count == 0 && settings.NoFace == NoFaceHandling.KeepWholeImage)
            {
                var row = new object?[3];
                WholeImage(image, row);
                rows.Add(row);
            }
            foreach (var face in faces)
            {
                var row = new object?[3];
                Crop(image, face, row);
                rows.Add(row);
            }
        }

        // The usable faces, highest score first; boxes that cover no whole pixel of the image are left out.
        private List<FaceDetection> Faces(Image image)
            => [.. detector.Detect(image, settings.Detector).Where(f => Math.Min(f.Box.Width, f.Box.Height) >= settings.MinFaceSize
                && f.ClippedBox(image.Width, image.Height) is { Width: >= 1, Height: >= 1 })];

        private void Crop(Image image, FaceDetection face, Span<object?> outputs)
        {
            Rectangle region = FaceCropping.PixelRegion(image, FaceCropping.Expand(face.Box, settings.Margin));
            outputs[0] = image.Crop(region);
            outputs[1] = true;
            outputs[2] = new float[] { region.X, region.Y, region.Width, region.Height };
        }

        private static void WholeImage(Image image, Span<object?> outputs)
        {
            outputs[0] = image;
            outputs[1] = false;
            outputs[2] = new float[] { 0, 0, image.Width, image.Height };
        }
    }
}
