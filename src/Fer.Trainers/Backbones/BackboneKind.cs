namespace Fer.Trainers.Backbones;

/// <summary>The backbones the trainers can build.</summary>
public enum BackboneKind
{
    /// <summary>ResNet-18 layout (torchvision names), width configurable.</summary>
    ResNet18,

    /// <summary>VGG-style FER network: blocks of two 3x3 conv-BN-ReLU with max-pool.</summary>
    Vgg,

    /// <summary>A light MobileFaceNet-style network of depthwise-separable bottlenecks.</summary>
    MobileFaceNet,
}
