using Fer.Transforms.Imaging;

namespace Fer.MLNet.Data;

/// <summary>An image column (values are <see cref="Image"/>), optionally with a known size.</summary>
public sealed class ImageDataViewType : DataViewType
{
    /// <summary>An image type; width and height 0 mean "any size".</summary>
    public ImageDataViewType(int width = 0, int height = 0) : base(typeof(Image))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        Width = width;
        Height = height;
    }

    /// <summary>Known width, or 0.</summary>
    public int Width { get; }

    /// <summary>Known height, or 0.</summary>
    public int Height { get; }

    /// <inheritdoc />
    public override bool Equals(DataViewType? other) => other is ImageDataViewType i && i.Width == Width && i.Height == Height;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Width, Height);

    /// <inheritdoc />
    public override string ToString() => Width > 0 ? $"Image<{Width}, {Height}>" : "Image";
}
