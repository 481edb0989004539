using Fer.Tensors.Nn;
using A = Fer.MLNet.Onnx.Export.OnnxAttribute;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>The exporters of Fer.Tensors' layers (inference behaviour: dropout is left out, batch norm uses running statistics).</summary>
internal static class LayerExporters
{
    internal static void RegisterAll()
    {
        ModuleExporters.Register<Conv2d>((c, m, x) => c.Conv(m, x));
        ModuleExporters.Register<BatchNorm1d>((c, m, x) => c.BatchNorm(m, x));
        ModuleExporters.Register<BatchNorm2d>((c, m, x) => c.BatchNorm(m, x));
        ModuleExporters.Register<Linear>((c, m, x) => c.Linear(m, x));
        ModuleExporters.Register<ReLU>((c, _, x) => c.Relu(x));
        ModuleExporters.Register<LeakyReLU>((c, m, x) => c.Unary("LeakyRelu", x, A.Float("alpha", m.NegativeSlope)));
        ModuleExporters.Register<PReLU>((c, m, x) => c.PRelu(x, m.Weight));
        ModuleExporters.Register<Sigmoid>((c, _, x) => c.Unary("Sigmoid", x));
        ModuleExporters.Register<Tanh>((c, _, x) => c.Unary("Tanh", x));
        ModuleExporters.Register<Softmax>((c, m, x) => c.Softmax(x, m.Dim));
        ModuleExporters.Register<LogSoftmax>((c, m, x) => c.Unary("LogSoftmax", x, A.Int("axis", ExportShapes.Axis(m.Dim, x.Rank))));
        ModuleExporters.Register<MaxPool2d>((c, m, x) => c.MaxPool(x, m.KernelSize, m.Stride, m.Padding, m.Dilation, m.CeilMode));
        ModuleExporters.Register<AvgPool2d>((c, m, x) => c.AveragePool(x, m.KernelSize, m.Stride, m.Padding, m.CeilMode, m.CountIncludePad));
        ModuleExporters.Register<AdaptiveAvgPool2d>((c, m, x) => c.AdaptiveAvgPool(x, m.OutputSize));
        ModuleExporters.Register<Fer.Tensors.Nn.Flatten>((c, m, x) => c.Flatten(x, m.StartDim, m.EndDim));
        ModuleExporters.Register<Dropout>((_, _, x) => x);
        ModuleExporters.Register<Identity>((_, _, x) => x);
        ModuleExporters.Register<Sequential>((c, m, x) => c.Sequence([.. m.NamedChildren()], x));
    }
}
