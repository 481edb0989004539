namespace Fer.Tensors.Kernels;

/// <summary>
/// Cache-blocking sizes of the packed GEMM (Goto/BLIS loop order: NC columns of B, KC steps of k,
/// MC rows of A, then NR x MR register tiles). Chosen by round-robin sweeps on Zen 3 (32 KiB L1d,
/// 512 KiB L2 per core, 2 threads; `gemm-sweep` in bench/Fer.Benchmarks): KC 256 to 640, MC 72 to
/// 192 and NC 384 to 2048 were all within about 10% of each other; these were the most even over
/// square and convolution shapes. The fields are settable for tuning runs only.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>Depth of a packed block: a B micro-panel (KC x NR floats) stays near L1 while A panels stream past it; k above it is split into equal blocks.</summary>
    public static int Kc = 512;

    /// <summary>Rows of a packed A block (MC x KC floats), sized to sit in L2.</summary>
    public static int Mc = 120;

    /// <summary>Columns of a packed B block (KC x NC floats, in L2/L3) when there is more than one block of rows.</summary>
    public static int Nc = 1024;

    /// <summary>
    /// From this many multiply-adds on, a parallel product is cut into <see cref="ChunksPerThread"/>
    /// chunks per thread, taken by whichever thread is free: on a shared or virtual machine one core
    /// often runs slower for a while, and a fixed half each would make the other wait.
    /// </summary>
    public static long SplitMoreWork = 1L << 30;

    /// <summary>Chunks per thread for products of at least <see cref="SplitMoreWork"/> multiply-adds.</summary>
    public static int ChunksPerThread = 4;

    /// <summary>B micro-panels packed together when there is a single block of rows (see GemmBlocked).</summary>
    public static int PanelGroup = 4;

    /// <summary>
    /// Column ranges of at most this many columns read A in place instead of packing it: a packed A
    /// block would serve too few column panels to repay the copy (settable for tuning runs).
    /// </summary>
    public static int DirectAMaxColumns = 128;

    /// <summary>Below this many multiply-adds (m*n*k) a product runs on one thread: forking would cost more than it saves.</summary>
    public static long ParallelMinWork = 1L << 18;

    /// <summary>
    /// The k block of a product with depth <paramref name="k"/> for a kernel with <paramref name="nr"/>
    /// columns: KC, halved for 32-wide (AVX-512) kernels so their B micro-panel stays 32 KiB, and
    /// balanced so all blocks are near equal. It depends on the shape only, never on threads.
    /// </summary>
    public static int KcBlock(int k, int nr) => Balanced(k, nr <= 16 ? Kc : Math.Max(128, Kc * 16 / nr), 1);

    /// <summary>Splits <paramref name="length"/> into near-equal blocks of at most <paramref name="block"/>, each a multiple of <paramref name="multiple"/> where possible.</summary>
    public static int Balanced(int length, int block, int multiple)
    {
        block = Math.Max(multiple, block / multiple * multiple);
        if (length <= block) return length;
        int blocks = (length + block - 1) / block;
        int size = (length + blocks - 1) / blocks;
        return (size + multiple - 1) / multiple * multiple;
    }
}
