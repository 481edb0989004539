namespace LoadAndPredict;

/// <summary>The engine's input: the column the model's first step reads.</summary>
public sealed class FaceImage
{
    /// <summary>An image file (JPEG or PNG) showing one face.</summary>
    public string Path { get; set; } = "";
}
