namespace Fer.Trainers.FeatureExtractor.Probing;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, algorithms 7.4/7.5) with a
/// backtracking Armijo line search, in double precision, for smooth convex objectives such as the
/// linear probe's. Pairs with a non-positive curvature s·y are skipped.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Minimises <paramref name="objective"/> from <paramref name="x"/> (updated in place); returns the iterations used and the final value.</summary>
    internal static (int Iterations, double Value) Minimize(Func<double[], (double Value, double[] Gradient)> objective, double[] x,
        int maxIterations, double gradientTolerance, int history)
    {
        int n = x.Length;
        var (f, g) = objective(x);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[n];
        int iteration = 0;
        for (; iteration < maxIterations && MaxAbs(g) > gradientTolerance; iteration++)
        {
            // Two-loop recursion: direction = -H g.
            var q = (double[])g.Clone();
            var alpha = new double[s.Count];
            for (int i = s.Count - 1; i >= 0; i--)
            {
                alpha[i] = rho[i] * Dot(s[i], q);
                Axpy(-alpha[i], y[i], q);
            }
            double gamma = s.Count > 0 ? Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]) : 1.0 / Math.Max(Math.Sqrt(Dot(g, g)), 1e-12);
            for (int i = 0; i < n; i++) q[i] *= gamma;
            for (int i = 0; i < s.Count; i++)
            {
                double beta = rho[i] * Dot(y[i], q);
                Axpy(alpha[i] - beta, s[i], q);
            }
            for (int i = 0; i < n; i++) direction[i] = -q[i];
            double slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                s.Clear(); y.Clear(); rho.Clear();
                double scale = 1.0 / Math.Max(Math.Sqrt(Dot(g, g)), 1e-12);
                for (int i = 0; i < n; i++) direction[i] = -g[i] * scale;
                slope = Dot(g, direction);
            }

            double step = 1.0, fNew = 0;
            double[] xNew = new double[n], gNew = [];
            bool accepted = false;
            for (int tries = 0; tries < 40; tries++)
            {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * direction[i];
                (fNew, gNew) = objective(xNew);
                if (double.IsFinite(fNew) && fNew <= f + 1e-4 * step * slope) { accepted = true; break; }
                step *= 0.5;
            }
            if (!accepted) break;

            var sk = new double[n];
            var yk = new double[n];
            for (int i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            double sy = Dot(sk, yk);
            if (sy > 1e-12)
            {
                if (s.Count == history) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
                s.Add(sk); y.Add(yk); rho.Add(1.0 / sy);
            }
            Array.Copy(xNew, x, n);
            bool stalled = Math.Abs(f - fNew) <= 1e-12 * Math.Max(1, Math.Abs(f));
            (f, g) = (fNew, gNew);
            if (stalled) { iteration++; break; }
        }
        return (iteration, f);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (double e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }
}
