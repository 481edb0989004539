using System.Globalization;

namespace Fer.Generalisation;

/// <summary>Command-line settings of the report (defaults: the full report as committed in docs/trainers.md).</summary>
internal sealed class ReportSettings
{
    public string DataRoot { get; set; } = "";

    public string OutputDirectory { get; set; } = "artifacts/generalisation";

    /// <summary>Largest number of FER+ training images used (0 = all); thermal and lfw are always whole.</summary>
    public int FerPlusLimit { get; set; }

    public int SupervisedEpochs { get; set; } = 10;

    public int TeacherEpochs { get; set; } = 10;

    public int FeatureExtractorEpochs { get; set; } = 10;

    public int Folds { get; set; } = 5;

    /// <summary>VGG width (first-block channels, doubling per block) of every trained model.</summary>
    public int Width { get; set; } = 32;

    public ulong Seed { get; set; } = 1;

    /// <summary>
    /// A supervised model zip (e.g. from <c>fer train supervised</c> on 48x48 grey FER+) used as the teacher
    /// ensemble's second member instead of training one; empty: train it.
    /// </summary>
    public string TeacherModel { get; set; } = "";

    /// <summary>Retrain even when a model zip from an earlier run exists.</summary>
    public bool Retrain { get; set; }

    public static ReportSettings Parse(string[] args)
    {
        var s = new ReportSettings();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--data": s.DataRoot = Next(); break;
                case "--out": s.OutputDirectory = Next(); break;
                case "--ferplus-limit": s.FerPlusLimit = NextInt(); break;
                case "--supervised-epochs": s.SupervisedEpochs = NextInt(); break;
                case "--teacher-epochs": s.TeacherEpochs = NextInt(); break;
                case "--extractor-epochs": s.FeatureExtractorEpochs = NextInt(); break;
                case "--folds": s.Folds = NextInt(); break;
                case "--width": s.Width = NextInt(); break;
                case "--seed": s.Seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--teacher-model": s.TeacherModel = Next(); break;
                case "--retrain": s.Retrain = true; break;
                case "--quick":
                    // A smoke run: small FER+ subset, one epoch each, its own output folder.
                    (s.FerPlusLimit, s.SupervisedEpochs, s.TeacherEpochs, s.FeatureExtractorEpochs) = (2000, 1, 1, 1);
                    s.OutputDirectory = "artifacts/generalisation-quick";
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Use --data DIR --out DIR --ferplus-limit N --supervised-epochs N --teacher-epochs N --extractor-epochs N --folds N --width N --seed N --teacher-model ZIP --retrain --quick.");
            }
        }
        if (s.DataRoot.Length == 0) s.DataRoot = FindData();
        return s;
    }

    // ../shared/data beside the repository (or any parent folder), as the tests find it.
    private static string FindData()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "..", "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "lfw-expressions"))) return Path.GetFullPath(candidate);
            candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "lfw-expressions"))) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("No shared/data folder with lfw-expressions found above the current directory; pass --data DIR.");
    }
}
