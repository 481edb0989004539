using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Pipeline;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Decodes the image files named by a string column (JPEG or PNG, EXIF orientation applied) into an
/// image column. Relative paths resolve against <see cref="Options.ImageFolder"/>. A missing or bad
/// file is an error naming the file, or, with <see cref="Options.SkipBadImages"/>, the row is dropped
/// and listed in <see cref="SkippedImages"/>.
/// </summary>
public sealed class ImageLoadingTransformer : RowMappingTransformer
{
    private readonly LoadMapper mapper;
    private readonly ConcurrentDictionary<string, bool> skippedFiles = new(StringComparer.Ordinal);

    /// <summary>Creates the transformer.</summary>
    public ImageLoadingTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxPixels);
        // A copy: changing the caller's options later must not change a fitted (or saved) transformer.
        Settings = new Options
        {
            OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName,
            ImageFolder = options.ImageFolder, MaxPixels = options.MaxPixels, SkipBadImages = options.SkipBadImages,
        };
        mapper = new LoadMapper(this);
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <summary>Files that could not be decoded and were skipped (with <see cref="Options.SkipBadImages"/>), with the reason; each file once, however many passes read it.</summary>
    public ConcurrentQueue<string> SkippedImages { get; } = new();

    /// <inheritdoc />
    public override string Kind => "LoadImages";

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState() => new(new JsonObject
    {
        ["outputColumnName"] = Settings.OutputColumnName,
        ["inputColumnName"] = Settings.InputColumnName,
        ["imageFolder"] = Settings.ImageFolder,
        ["maxPixels"] = Settings.MaxPixels,
        ["skipBadImages"] = Settings.SkipBadImages,
    });

    internal static ImageLoadingTransformer Load(TransformerState s) => new(new Options
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
        ImageFolder = s.GetOrDefault<string>("imageFolder"),
        MaxPixels = s.Get<long>("maxPixels"),
        SkipBadImages = s.Get<bool>("skipBadImages"),
    });

    /// <summary>Settings of <see cref="ImageLoadingTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The image column to write.</summary>
        public string OutputColumnName { get; set; } = "Image";

        /// <summary>The string column with file paths ("Path" when null).</summary>
        public string? InputColumnName { get; set; }

        /// <summary>Folder that relative paths resolve against (null: the current directory).</summary>
        public string? ImageFolder { get; set; }

        /// <summary>Largest image accepted, in pixels (checked from the header before decoding).</summary>
        public long MaxPixels { get; set; } = 100_000_000;

        /// <summary>Drop rows whose file is missing or not a valid image instead of failing.</summary>
        public bool SkipBadImages { get; set; }
    }

    private sealed class LoadMapper(ImageLoadingTransformer owner) : RowMapper
    {
        private string Input => owner.Settings.InputColumnName ?? "Path";

        public override IReadOnlyList<string> InputColumnNames => [Input];

        public override bool IsExpensive => true;

        public override bool CanDropRows => owner.Settings.SkipBadImages;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            RequireColumn(inputSchema, Input, "String (a file path)", t => t is TextDataViewType, "LoadImages");
            return [(owner.Settings.OutputColumnName, new ImageDataViewType(), null)];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            string path = (string?)inputs[0] ?? "";
            string full = owner.Settings.ImageFolder is null || Path.IsPathRooted(path) ? path : Path.Combine(owner.Settings.ImageFolder, path);
            try
            {
                if (!File.Exists(full)) throw new FileNotFoundException($"Image file '{full}' does not exist.", full);
                outputs[0] = Image.Load(full, new DecodeOptions { MaxPixels = owner.Settings.MaxPixels });
                return true;
            }
            catch (Exception e) when (owner.Settings.SkipBadImages && e is ImageFormatException or IOException or UnauthorizedAccessException)
            {
                if (owner.skippedFiles.TryAdd(full, true)) owner.SkippedImages.Enqueue($"{full}: {e.Message}");
                return false;
            }
        }
    }
}
