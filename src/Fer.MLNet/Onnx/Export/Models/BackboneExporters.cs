using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// The exporters of Fer.Trainers' networks, read through their public children (torchvision's names
/// for ResNet) and properties: each backbone maps [N, C, H, W] to features [N, F].
/// </summary>
internal static class BackboneExporters
{
    internal static void RegisterAll()
    {
        ModuleExporters.Register<ResNet>(ResNet);
        ModuleExporters.Register<BasicBlock>(BasicBlock);
        ModuleExporters.Register<VggNet>(Vgg);
        ModuleExporters.Register<MobileFaceNet>(MobileFaceNet);
        ModuleExporters.Register<MobileFaceNet.Bottleneck>((c, m, x) =>
        {
            GraphValue y = c.Export(m.Block, "block", x);
            return m.HasShortcut ? c.Add(y, x) : y;
        });
        ModuleExporters.Register<LinearHead>((c, m, x) => c.Linear(m.Fc, x, name: "fc"));
        ModuleExporters.Register<Fer.Trainers.GcnMultitask.GcnHead>(GcnHead);
        ModuleExporters.Register<ExpressionNetwork>((c, m, x) => c.Export(m.Head, "head", c.Export((Module)m.Backbone, "backbone", x)));
    }

    // At inference the GCN's node weights do not depend on the image: computed once here, the head is one Gemm.
    private static GraphValue GcnHead(ModuleExportContext c, Fer.Trainers.GcnMultitask.GcnHead m, GraphValue x)
    {
        if (x.Rank != 2 || x.Shape[1] != m.FeatureSize)
            throw new ArgumentException($"GcnHead: features must be [N, {m.FeatureSize}]; got {x.DescribeShape()}.");
        Tensor weights;
        using (Fer.Tensors.Autograd.GradMode.NoGrad()) weights = m.NodeWeights().Contiguous();
        string w = c.Weight("node_weights", weights), b = c.Weight("bias", m.Bias);
        return c.Op("Gemm", [x.Name, w, b], [x.Shape[0], m.NodeCount], Fer.MLNet.Onnx.Export.OnnxAttribute.Int("transB", 1));
    }

    // relu(bn1(conv1(x))), torchvision's max-pool unless the small-input stem, four stages, global average pool.
    private static GraphValue ResNet(ModuleExportContext c, ResNet m, GraphValue x)
    {
        var conv1 = ModuleExportContext.Child<Conv2d>(m, "conv1");
        var bn1 = ModuleExportContext.Child<BatchNorm2d>(m, "bn1");
        x = c.Relu(c.Conv(conv1, x, bn1, "conv1"));
        if (!m.SmallInputStem) x = c.MaxPool(x, (3, 3), (2, 2), (1, 1), (1, 1), ceilMode: false);
        foreach (string stage in new[] { "layer1", "layer2", "layer3", "layer4" })
            x = c.Export(ModuleExportContext.Child<Sequential>(m, stage), stage, x);
        return c.Flatten(c.AdaptiveAvgPool(x, (1, 1)));
    }

    // relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut), shortcut = downsample(x) or x.
    private static GraphValue BasicBlock(ModuleExportContext c, BasicBlock m, GraphValue x)
    {
        GraphValue y = c.Relu(c.Conv(ModuleExportContext.Child<Conv2d>(m, "conv1"), x, ModuleExportContext.Child<BatchNorm2d>(m, "bn1"), "conv1"));
        y = c.Conv(ModuleExportContext.Child<Conv2d>(m, "conv2"), y, ModuleExportContext.Child<BatchNorm2d>(m, "bn2"), "conv2");
        Sequential? downsample = ModuleExportContext.TryChild<Sequential>(m, "downsample");
        GraphValue shortcut = downsample is null ? x : c.Export(downsample, "downsample", x);
        return c.Relu(c.Add(y, shortcut));
    }

    // features, adaptive average pool to 3x3, flatten, embedding (dropout, linear, relu).
    private static GraphValue Vgg(ModuleExportContext c, VggNet m, GraphValue x)
    {
        x = c.Export(ModuleExportContext.Child<Sequential>(m, "features"), "features", x);
        x = c.Flatten(c.AdaptiveAvgPool(x, (3, 3)));
        return c.Export(ModuleExportContext.Child<Sequential>(m, "embedding"), "embedding", x);
    }

    // body, global average pool, flatten, linear with its batch norm folded in.
    private static GraphValue MobileFaceNet(ModuleExportContext c, MobileFaceNet m, GraphValue x)
    {
        x = c.Export(ModuleExportContext.Child<Sequential>(m, "body"), "body", x);
        x = c.Flatten(c.AdaptiveAvgPool(x, (1, 1)));
        return c.Linear(ModuleExportContext.Child<Linear>(m, "linear"), x, ModuleExportContext.Child<BatchNorm1d>(m, "bn"), "linear");
    }
}
