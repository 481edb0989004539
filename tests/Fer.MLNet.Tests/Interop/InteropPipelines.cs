using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Onnx.Export.Models;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Trainers.Supervised;
using Fer.MLNet.Transforms;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;
using Fer.Trainers.Supervised;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Interop;

/// <summary>
/// Image files in a temporary folder (shrunk bundled photos, random grey and RGB images, of several
/// sizes) and image-scoring pipelines over them: LoadImages, ResizeImages, ExtractPixels and an
/// expression classifier with a small randomised network.
/// </summary>
public sealed class InteropPipelines : IDisposable
{
    public static readonly string[] Classes = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear"];

    public InteropPipelines()
    {
        Folder = Path.Combine(Path.GetTempPath(), "fer-interop-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Image[] images = [TestImages.Photo(0, 80), TestImages.Photo(3, 72), TestImages.Photo(5, 64), TestImages.Random(48, 48, 1, 11), TestImages.Random(61, 50, 3, 12), TestImages.Random(48, 48, 3, 13)];
        Paths = [.. images.Select((image, i) =>
        {
            string path = Path.Combine(Folder, $"img{i}.png");
            image.SavePng(path);
            return path;
        })];
    }

    public string Folder { get; }

    public IReadOnlyList<string> Paths { get; }

    /// <summary>A view with one string column of the image paths.</summary>
    public IDataView PathView(string column = "Path")
    {
        var schema = new DataViewSchema.Builder().AddColumn(column, TextDataViewType.Instance).ToSchema();
        return new InMemoryDataView(schema, [[.. Paths]]);
    }

    /// <summary>LoadImages → ResizeImages(size) → ExtractPixels("Pixels") → classifier with features.</summary>
    public static TransformerChain<ITransformer> Pipeline(BackboneKind backbone = BackboneKind.ResNet18, PixelColorMode colors = PixelColorMode.Grey,
        int size = 48, float[]? mean = null, float[]? std = null, ResizeMode interpolation = ResizeMode.Bilinear, float scale = 1f / 255f)
    {
        int channels = colors == PixelColorMode.Grey ? 1 : 3;
        return new TransformerChain<ITransformer>(
            new ImageLoadingTransformer(new ImageLoadingTransformer.Options { OutputColumnName = "Image", InputColumnName = "Path" }),
            new ImageResizingTransformer(new ImageResizingTransformer.Options { OutputColumnName = "Face", InputColumnName = "Image", ImageWidth = size, ImageHeight = size, Interpolation = interpolation }),
            new ImagePixelExtractingTransformer(new ImagePixelExtractingTransformer.Options { OutputColumnName = "Pixels", InputColumnName = "Face", Colors = colors, Scale = scale, Mean = mean, Std = std }),
            Classifier(backbone, channels, size));
    }

    /// <summary>An expression classifier on a randomised small network (reads "Pixels", writes Score, PredictedLabel, Features).</summary>
    public static ExpressionClassifierTransformer Classifier(BackboneKind backbone, int channels, int size)
    {
        const int width = 8;
        Module body = BackboneFactory.Create(backbone, channels, size, backbone == BackboneKind.MobileFaceNet ? 16 : width, new Generator(21));
        var net = new ExpressionNetwork(body, new LinearHead(((IBackbone)body).FeatureSize, Classes.Length, 0.1f, new Generator(22)));
        TestNetworks.Randomize(net, new Generator(23));
        var model = new SupervisedModel(net, Classes, channels, size);
        return new ExpressionClassifierTransformer(model, backbone, backbone == BackboneKind.MobileFaceNet ? 16 : width, 0.1f, "Pixels", outputFeatures: true);
    }

    /// <summary>An ensemble of <paramref name="members"/> randomised small networks as one classifier (Score averaged, Features side by side).</summary>
    public static ExpressionClassifierTransformer EnsembleClassifier(BackboneKind backbone, int channels, int size, int members)
    {
        const int width = 8;
        var nets = new ExpressionNetwork[members];
        for (int i = 0; i < members; i++)
        {
            Module body = BackboneFactory.Create(backbone, channels, size, width, new Generator(31 + (ulong)i));
            nets[i] = new ExpressionNetwork(body, new LinearHead(((IBackbone)body).FeatureSize, Classes.Length, 0.1f, new Generator(41 + (ulong)i)));
            TestNetworks.Randomize(nets[i], new Generator(51 + (ulong)i));
        }
        return new ExpressionClassifierTransformer(new SupervisedModel(nets, Classes, channels, size), backbone, width, 0.1f, "Pixels", outputFeatures: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
