namespace Fer.Tensors.Kernels.Blocked;

/// <summary>The rows x columns of output pixels one micro-kernel call computes (a generic constant).</summary>
internal interface ITileShape
{
    static abstract int Rows { get; }

    static abstract int Cols { get; }

    static abstract int Count { get; }
}

internal readonly struct Tile1x7 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 7;

    public static int Count => 7;
}

internal readonly struct Tile2x4 : ITileShape
{
    public static int Rows => 2;

    public static int Cols => 4;

    public static int Count => 8;
}

internal readonly struct Tile1x8 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 8;

    public static int Count => 8;
}

internal readonly struct Tile4x2 : ITileShape
{
    public static int Rows => 4;

    public static int Cols => 2;

    public static int Count => 8;
}

internal readonly struct Tile1x6 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 6;

    public static int Count => 6;
}

internal readonly struct Tile2x3 : ITileShape
{
    public static int Rows => 2;

    public static int Cols => 3;

    public static int Count => 6;
}

internal readonly struct Tile3x2 : ITileShape
{
    public static int Rows => 3;

    public static int Cols => 2;

    public static int Count => 6;
}

internal readonly struct Tile1x4 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 4;

    public static int Count => 4;
}

internal readonly struct Tile2x2 : ITileShape
{
    public static int Rows => 2;

    public static int Cols => 2;

    public static int Count => 4;
}

internal readonly struct Tile1x3 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 3;

    public static int Count => 3;
}

internal readonly struct Tile1x2 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 2;

    public static int Count => 2;
}

internal readonly struct Tile1x1 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 1;

    public static int Count => 1;
}

internal readonly struct Tile4x1 : ITileShape
{
    public static int Rows => 4;

    public static int Cols => 1;

    public static int Count => 4;
}

internal readonly struct Tile2x1 : ITileShape
{
    public static int Rows => 2;

    public static int Cols => 1;

    public static int Count => 2;
}

internal readonly struct Tile1x12 : ITileShape
{
    public static int Rows => 1;

    public static int Cols => 12;

    public static int Count => 12;
}

internal readonly struct Tile2x6 : ITileShape
{
    public static int Rows => 2;

    public static int Cols => 6;

    public static int Count => 12;
}

internal readonly struct Tile3x4 : ITileShape
{
    public static int Rows => 3;

    public static int Cols => 4;

    public static int Count => 12;
}

internal readonly struct Tile4x3 : ITileShape
{
    public static int Rows => 4;

    public static int Cols => 3;

    public static int Count => 12;
}
