using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>Checks of the oracle itself, by algebraic identities rather than stored numbers.</summary>
public class GemmReferenceTests
{
    [Fact]
    public void Multiply_ByIdentity_ReturnsOtherOperand()
    {
        var random = new System.Random(51);
        float[] a = new float[5 * 7];
        for (int i = 0; i < a.Length; i++) a[i] = (float)random.NextDouble();
        float[] identity = new float[7 * 7];
        for (int i = 0; i < 7; i++) identity[i * 7 + i] = 1f;
        float[] c = new float[5 * 7];
        GemmReference.Multiply(false, false, 5, 7, 7, 1f, a, 7, identity, 7, 0f, c, 7);
        c.Should().Equal(a);
    }

    [Fact]
    public void Multiply_TransposedOperands_GiveTransposeOfProduct()
    {
        // (A B)ᵀ = Bᵀ Aᵀ: computing Cᵀ from the same storage with both flags set must give C transposed.
        var random = new System.Random(52);
        float[] a = new float[4 * 6], b = new float[6 * 3];
        for (int i = 0; i < a.Length; i++) a[i] = (float)random.NextDouble();
        for (int i = 0; i < b.Length; i++) b[i] = (float)random.NextDouble();
        float[] c = new float[4 * 3], ct = new float[3 * 4];
        GemmReference.Multiply(false, false, 4, 3, 6, 1f, a, 6, b, 3, 0f, c, 3);
        GemmReference.Multiply(true, true, 3, 4, 6, 1f, b, 3, a, 6, 0f, ct, 4);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++) ct[j * 4 + i].Should().Be(c[i * 3 + j]);
        }
    }

    [Fact]
    public void Multiply_SmallIntegerMatrices_AreExact()
    {
        // Integer entries: every product and sum is exact in float, so the result equals a direct sum.
        float[] a = [1, 2, 3, 4, 5, 6], b = [7, 8, 9, 10, 11, 12];
        float[] c = [1, 1, 1, 1];
        GemmReference.Multiply(false, false, 2, 2, 3, 2f, a, 3, b, 2, 3f, c, 2);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                float sum = 0;
                for (int p = 0; p < 3; p++) sum += a[i * 3 + p] * b[p * 2 + j];
                c[i * 2 + j].Should().Be(2 * sum + 3);
            }
        }
    }
}
