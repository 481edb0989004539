using System.Drawing;

namespace Fer.Transforms.Faces;

/// <summary>
/// face-api's greedy non-maximum suppression: repeatedly keep the highest-scoring remaining box (on
/// equal scores the later one) and drop every remaining box whose IoU with it exceeds the threshold.
/// </summary>
internal static class NonMaxSuppression
{
    /// <summary>Indices of the kept boxes, highest score first.</summary>
    internal static List<int> Select(IReadOnlyList<RectangleF> boxes, IReadOnlyList<float> scores, float iouThreshold)
    {
        // Ascending by score, stable (as JavaScript's sort); the last is taken first.
        var remaining = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToList();
        var picked = new List<int>();
        while (remaining.Count > 0)
        {
            int current = remaining[^1];
            remaining.RemoveAt(remaining.Count - 1);
            picked.Add(current);
            remaining.RemoveAll(i => Iou(boxes[current], boxes[i]) > iouThreshold);
        }
        return picked;
    }

    /// <summary>Intersection over union of two boxes (0 when both are empty).</summary>
    internal static double Iou(RectangleF a, RectangleF b)
    {
        double w = Math.Max(0.0, Math.Min((double)a.Right, b.Right) - Math.Max((double)a.Left, b.Left));
        double h = Math.Max(0.0, Math.Min((double)a.Bottom, b.Bottom) - Math.Max((double)a.Top, b.Top));
        double inter = w * h;
        double union = (double)a.Width * a.Height + (double)b.Width * b.Height - inter;
        return union > 0 ? inter / union : 0.0;
    }
}
