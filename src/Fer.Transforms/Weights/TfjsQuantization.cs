namespace Fer.Transforms.Weights;

/// <summary>
/// How a tfjs weight is stored when quantised: <c>uint8</c> or <c>uint16</c> codes q with
/// value = q * <paramref name="Scale"/> + <paramref name="Min"/>, or <c>float16</c> halves (scale and min unused).
/// </summary>
public sealed record TfjsQuantization(string DType, double Scale, double Min)
{
    /// <summary>Bytes per stored element: 1 for uint8, 2 for uint16 and float16.</summary>
    public int BytesPerElement => DType == "uint8" ? 1 : 2;
}
