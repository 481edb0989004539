using Fer.Tensors.Random;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// Picks (anchor, positive, negative) rows of a batch by label: the positive shares the anchor's
/// dataset and label, the negative shares the dataset and has another label. Rows with label -1 take
/// no part. Distances are Euclidean on the given (already normalised) embeddings, in double.
/// </summary>
internal static class TripletMiner
{
    internal static (int[] Anchor, int[] Positive, int[] Negative) Mine(ReadOnlySpan<float> embeddings, int dimension, int[] dataset, int[] label,
        TripletMining mining, float margin, Generator random)
    {
        int n = dataset.Length;
        var distance = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double s = 0;
                ReadOnlySpan<float> a = embeddings.Slice(i * dimension, dimension), b = embeddings.Slice(j * dimension, dimension);
                for (int k = 0; k < dimension; k++)
                {
                    double d = a[k] - b[k];
                    s += d * d;
                }
                distance[i * n + j] = distance[j * n + i] = Math.Sqrt(s);
            }
        }
        var anchors = new List<int>();
        var positives = new List<int>();
        var negatives = new List<int>();
        var pos = new List<int>();
        var neg = new List<int>();
        for (int a = 0; a < n; a++)
        {
            if (label[a] < 0) continue;
            pos.Clear();
            neg.Clear();
            for (int j = 0; j < n; j++)
            {
                if (j == a || dataset[j] != dataset[a] || label[j] < 0) continue;
                (label[j] == label[a] ? pos : neg).Add(j);
            }
            if (pos.Count == 0 || neg.Count == 0) continue;
            ReadOnlySpan<double> row = distance.AsSpan(a * n, n);
            int p, q;
            switch (mining)
            {
                case TripletMining.BatchHard:
                    p = ArgBest(pos, row, farthest: true);
                    q = ArgBest(neg, row, farthest: false);
                    break;
                case TripletMining.Random:
                    p = pos[random.NextInt(pos.Count)];
                    q = neg[random.NextInt(neg.Count)];
                    break;
                default:
                    p = pos[random.NextInt(pos.Count)];
                    q = SemiHard(neg, row, row[p], margin);
                    break;
            }
            anchors.Add(a);
            positives.Add(p);
            negatives.Add(q);
        }
        return ([.. anchors], [.. positives], [.. negatives]);
    }

    private static int ArgBest(List<int> candidates, ReadOnlySpan<double> row, bool farthest)
    {
        int best = candidates[0];
        foreach (int c in candidates)
            if (farthest ? row[c] > row[best] : row[c] < row[best]) best = c;
        return best;
    }

    // The closest negative farther than the positive (inside the margin when one is); else the closest.
    private static int SemiHard(List<int> negatives, ReadOnlySpan<double> row, double positive, float margin)
    {
        int inside = -1, beyond = -1;
        foreach (int c in negatives)
        {
            if (row[c] <= positive) continue;
            if (row[c] < positive + margin) { if (inside < 0 || row[c] < row[inside]) inside = c; }
            else if (beyond < 0 || row[c] < row[beyond]) beyond = c;
        }
        return inside >= 0 ? inside : beyond >= 0 ? beyond : ArgBest(negatives, row, farthest: false);
    }
}
