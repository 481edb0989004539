namespace Fer.Transforms.Imaging.Codecs.Png;

internal static class PngEncoder
{
    public static byte[] Encode(Image image) => throw new NotImplementedException();
}
