using Fer.Tensors;

namespace Fer.Trainers.Data;

/// <summary>
/// Training examples held in memory as one float buffer of images [N, C, H, W] (already normalised)
/// with optional targets: class indices, probability targets [N, K] (e.g. FER+ vote distributions),
/// valence/arousal, and a dataset id for multi-dataset training. Trainers draw batches from it.
/// </summary>
public sealed class ImageTensorSet
{
    /// <summary>Creates a set; every optional array must have one entry (or row) per image.</summary>
    /// <exception cref="ArgumentException">Lengths disagree or a label is outside [0, classes).</exception>
    public ImageTensorSet(float[] images, int channels, int height, int width, int[]? labels = null, float[]? targets = null, int targetWidth = 0,
        float[]? valence = null, float[]? arousal = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        int per = channels * height * width;
        if (images.Length % per != 0) throw new ArgumentException($"The image buffer holds {images.Length} floats, not a multiple of {channels}x{height}x{width}.", nameof(images));
        Count = images.Length / per;
        void Check(int? length, string name)
        {
            if (length is not null && length != Count) throw new ArgumentException($"{name} has {length} entries for {Count} images.", name);
        }
        Check(labels?.Length, nameof(labels));
        Check(valence?.Length, nameof(valence));
        Check(arousal?.Length, nameof(arousal));
        if (targets is not null)
        {
            if (targetWidth <= 0 || targets.Length != Count * targetWidth)
                throw new ArgumentException($"targets must hold {Count} rows of targetWidth ({targetWidth}) values; it has {targets.Length}.", nameof(targets));
        }
        if (labels is not null && classNames is not null)
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] < -1 || labels[i] >= classNames.Count)
                    throw new ArgumentException($"Label {labels[i]} of example {i} is outside [0, {classNames.Count}) ({string.Join(", ", classNames)}).", nameof(labels));
        Images = images;
        (Channels, Height, Width) = (channels, height, width);
        Labels = labels;
        Targets = targets;
        TargetWidth = targetWidth;
        Valence = valence;
        Arousal = arousal;
        ClassNames = classNames ?? [];
    }

    /// <summary>Number of examples.</summary>
    public int Count { get; }

    /// <summary>Channels per image.</summary>
    public int Channels { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Floats per image.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The images, row-major [N, C, H, W].</summary>
    public float[] Images { get; }

    /// <summary>Class indices (-1 = none), or null.</summary>
    public int[]? Labels { get; }

    /// <summary>Probability targets [N, TargetWidth], or null.</summary>
    public float[]? Targets { get; }

    /// <summary>Width of a target row.</summary>
    public int TargetWidth { get; }

    /// <summary>Valence per example (NaN = missing), or null.</summary>
    public float[]? Valence { get; }

    /// <summary>Arousal per example (NaN = missing), or null.</summary>
    public float[]? Arousal { get; }

    /// <summary>Names of the classes the labels index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// The images at <paramref name="indices"/> as a tensor [B, C, H, W]; inside a <see cref="Fer.Tensors.Memory.TensorScope"/>
    /// (a training step) its storage comes from the scope's pool and is released with it.
    /// </summary>
    public Tensor Batch(ReadOnlySpan<int> indices)
    {
        int per = ImageSize;
        Tensor batch = Tensor.Zeros(indices.Length, Channels, Height, Width);
        Span<float> data = batch.AsSpan();
        for (int i = 0; i < indices.Length; i++) Images.AsSpan(indices[i] * per, per).CopyTo(data.Slice(i * per, per));
        return batch;
    }

    /// <summary>The labels at <paramref name="indices"/>.</summary>
    public int[] BatchLabels(ReadOnlySpan<int> indices)
    {
        if (Labels is null) throw new InvalidOperationException("This set has no class labels.");
        var r = new int[indices.Length];
        for (int i = 0; i < r.Length; i++) r[i] = Labels[indices[i]];
        return r;
    }

    /// <summary>The probability targets at <paramref name="indices"/> as [B, TargetWidth].</summary>
    public Tensor BatchTargets(ReadOnlySpan<int> indices)
    {
        if (Targets is null) throw new InvalidOperationException("This set has no probability targets.");
        var data = new float[indices.Length * TargetWidth];
        for (int i = 0; i < indices.Length; i++) Targets.AsSpan(indices[i] * TargetWidth, TargetWidth).CopyTo(data.AsSpan(i * TargetWidth, TargetWidth));
        return Tensor.Wrap(data, indices.Length, TargetWidth);
    }

    /// <summary>Examples per class (labels only).</summary>
    public int[] ClassCounts(int classes)
    {
        var counts = new int[classes];
        if (Labels is not null) foreach (int l in Labels) if (l >= 0 && l < classes) counts[l]++;
        return counts;
    }
}
