using Fer.Transforms.Imaging;

namespace ExpressionService;

/// <summary>The prediction engine's input: a decoded face image.</summary>
public sealed class FaceCrop
{
    public Image? Image { get; set; }
}
