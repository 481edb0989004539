using Fer.Testing;
using Fer.Trainers.Data;
using Fer.Transforms.Datasets;
using Fer.Transforms.Imaging;

namespace Fer.Trainers.Tests.Support;

/// <summary>Deterministic samples of real FER+ images as normalised [N, 1, 48, 48] tensor sets.</summary>
public static class FerPlusSample
{
    /// <summary>The first <paramref name="count"/> rows (in label.csv order) of a FER+ split, majority labels, 8 classes, pixels scaled to [0, 1].</summary>
    public static ImageTensorSet Load(string split, int count, FerPlusLabelMode mode = FerPlusLabelMode.Majority)
    {
        string folder = SharedData.Require($"data/ferplus/{split}");
        var result = new FerPlusReader(folder, new FerPlusReaderOptions { Mode = mode }).ReadAll();
        var rows = result.Rows.Take(count).ToArray();
        var images = new float[rows.Length * 48 * 48];
        var labels = new int[rows.Length];
        var targets = new float[rows.Length * 8];
        Parallel.For(0, rows.Length, i =>
        {
            Image img = Image.Load(rows[i].Image.Path!);
            if (img.Channels != 1) img = img.ToGrey();
            if (img.Width != 48 || img.Height != 48) img = img.Resize(48, 48, ResizeMode.Area);
            TensorLayout.ToChw(img, images.AsSpan(i * 2304, 2304), [0f], [1f]);
            labels[i] = rows[i].LabelIndex;
            rows[i].Distribution?.CopyTo(targets, i * 8);
        });
        return new ImageTensorSet(images, 1, 48, 48, labels, targets, 8, classNames: result.Scheme.Names.Take(8).ToArray());
    }
}
