namespace Fer.Transforms.Imaging.Codecs.Jpeg;

internal static class JpegEncoder
{
    public static byte[] Encode(Image image, int quality, JpegSubsampling subsampling) => throw new NotImplementedException();
}
