using Fer.Tensors.Random;
using System.Runtime.Intrinsics.X86;
using Fer.Transforms.Imaging;
using Fer.Transforms.Imaging.Codecs.Jpeg;

namespace Fer.Transforms.Tests.Imaging.Codecs;

public sealed class JpegIdctTests
{
    [SkippableFact]
    public void TransformAvx2_RandomBlocks_MatchesScalarReference()
    {
        Skip.IfNot(Avx2.IsSupported, "no AVX2 on this CPU: only the scalar IDCT runs.");
        var random = new Generator(77);
        var expected = new byte[16 * 10];
        var actual = new byte[16 * 10];
        for (int trial = 0; trial < 5000; trial++)
        {
            var a = new int[64];
            int nonzero = 1 + random.NextInt(64);
            // Dequantised coefficients of valid 8-bit data stay within about +-1100 (DC up to 2047 scaled).
            for (int k = 0; k < nonzero; k++) a[random.NextInt(64)] = random.NextInt(-1100, 1101) / (1 + random.NextInt(8));
            if (trial % 7 == 0) a[0] = random.NextInt(-1024, 1024) * 8;
            int[] b = (int[])a.Clone();
            JpegIdct.TransformScalar(a, expected, 3, 16);
            JpegIdct.TransformAvx2(b, actual, 3, 16);
            actual.Should().Equal(expected, $"trial {trial}");
        }
    }
}
