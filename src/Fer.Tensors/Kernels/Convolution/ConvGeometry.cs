using System.Diagnostics;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// Sizes of one 2-D convolution in NCHW: input [N, InC, InH, InW], weight [OutC, InC/Groups, KH, KW],
/// output [N, OutC, OutH, OutW]. Output sizes are explicit (not derived) so the same geometry also
/// describes the adjoint (transposed convolution), whose output_padding may leave rows that no
/// window reaches. Only the top and left padding matter to the kernels.
/// </summary>
internal readonly record struct ConvGeometry(
    int N, int InC, int InH, int InW, int OutC, int OutH, int OutW,
    int KH, int KW, int StrideH, int StrideW, int PadTop, int PadLeft, int DilationH, int DilationW, int Groups)
{
    internal int InCPerGroup => InC / Groups;

    internal int OutCPerGroup => OutC / Groups;

    /// <summary>Rows of the im2col matrix per group: InC/Groups * KH * KW.</summary>
    internal int ColRows => InCPerGroup * KH * KW;

    internal int InPlane => InH * InW;

    internal int OutPlane => OutH * OutW;

    internal int InImage => InC * InPlane;

    internal int OutImage => OutC * OutPlane;

    internal int WeightSize => OutC * ColRows;

    /// <summary>A 1x1, stride-1, unpadded conv whose input image already is the im2col matrix.</summary>
    internal bool IsPointwise => KH == 1 && KW == 1 && StrideH == 1 && StrideW == 1 && PadTop == 0 && PadLeft == 0
        && OutH == InH && OutW == InW;

    /// <summary>One input channel per group (groups == InC): the direct depthwise kernel applies.</summary>
    internal bool IsDepthwise => Groups == InC && InCPerGroup == 1 && Groups > 1;

    [Conditional("DEBUG")]
    internal void AssertValid()
    {
        Debug.Assert(N >= 0 && InC > 0 && OutC > 0 && Groups > 0);
        Debug.Assert(InC % Groups == 0 && OutC % Groups == 0);
        Debug.Assert(KH > 0 && KW > 0 && StrideH > 0 && StrideW > 0 && DilationH > 0 && DilationW > 0);
    }
}
