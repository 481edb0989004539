namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// The plain twin of <see cref="Conv2dKernel"/>: direct loops over (image, output channel, output
/// row, output column, input channel, kernel row, kernel column) with double accumulation. Slow and
/// obviously right; the test oracle for the fast kernel and for the transposed convolution.
/// </summary>
internal static class Conv2dReference
{
    /// <summary>y = conv(x, w) + bias (bias empty means none).</summary>
    internal static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, in ConvGeometry g)
    {
        for (int n = 0; n < g.N; n++)
            for (int oc = 0; oc < g.OutC; oc++)
            {
                int grp = oc / g.OutCPerGroup;
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        double sum = bias.IsEmpty ? 0 : bias[oc];
                        for (int c = 0; c < g.InCPerGroup; c++)
                            for (int kh = 0; kh < g.KH; kh++)
                                for (int kw = 0; kw < g.KW; kw++)
                                {
                                    int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                                    int iw = ow * g.StrideW - g.PadLeft + kw * g.DilationW;
                                    if (ih < 0 || ih >= g.InH || iw < 0 || iw >= g.InW) continue;
                                    int ic = grp * g.InCPerGroup + c;
                                    sum += (double)x[((n * g.InC + ic) * g.InH + ih) * g.InW + iw]
                                        * w[((oc * g.InCPerGroup + c) * g.KH + kh) * g.KW + kw];
                                }
                        y[((n * g.OutC + oc) * g.OutH + oh) * g.OutW + ow] = (float)sum;
                    }
            }
    }

    /// <summary>dx[n, ic, ih, iw] = sum of dy * w over every output position that read (ih, iw).</summary>
    internal static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, in ConvGeometry g)
    {
        var acc = new double[dx.Length];
        for (int n = 0; n < g.N; n++)
            for (int oc = 0; oc < g.OutC; oc++)
            {
                int grp = oc / g.OutCPerGroup;
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        double d = dy[((n * g.OutC + oc) * g.OutH + oh) * g.OutW + ow];
                        for (int c = 0; c < g.InCPerGroup; c++)
                            for (int kh = 0; kh < g.KH; kh++)
                                for (int kw = 0; kw < g.KW; kw++)
                                {
                                    int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                                    int iw = ow * g.StrideW - g.PadLeft + kw * g.DilationW;
                                    if (ih < 0 || ih >= g.InH || iw < 0 || iw >= g.InW) continue;
                                    int ic = grp * g.InCPerGroup + c;
                                    acc[((n * g.InC + ic) * g.InH + ih) * g.InW + iw] += d * w[((oc * g.InCPerGroup + c) * g.KH + kh) * g.KW + kw];
                                }
                    }
            }
        for (int i = 0; i < acc.Length; i++) dx[i] = (float)acc[i];
    }

    /// <summary>dw[oc, c, kh, kw] = sum over images and output positions of dy * the input pixel that tap read.</summary>
    internal static void BackwardWeight(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw, in ConvGeometry g)
    {
        var acc = new double[dw.Length];
        for (int n = 0; n < g.N; n++)
            for (int oc = 0; oc < g.OutC; oc++)
            {
                int grp = oc / g.OutCPerGroup;
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        double d = dy[((n * g.OutC + oc) * g.OutH + oh) * g.OutW + ow];
                        for (int c = 0; c < g.InCPerGroup; c++)
                            for (int kh = 0; kh < g.KH; kh++)
                                for (int kw = 0; kw < g.KW; kw++)
                                {
                                    int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                                    int iw = ow * g.StrideW - g.PadLeft + kw * g.DilationW;
                                    if (ih < 0 || ih >= g.InH || iw < 0 || iw >= g.InW) continue;
                                    int ic = grp * g.InCPerGroup + c;
                                    acc[((oc * g.InCPerGroup + c) * g.KH + kh) * g.KW + kw] += d * x[((n * g.InC + ic) * g.InH + ih) * g.InW + iw];
                                }
                    }
            }
        for (int i = 0; i < acc.Length; i++) dw[i] = (float)acc[i];
    }

    /// <summary>db[oc] = sum of dy over images and positions.</summary>
    internal static void BackwardBias(ReadOnlySpan<float> dy, Span<float> db, in ConvGeometry g)
    {
        for (int oc = 0; oc < g.OutC; oc++)
        {
            double sum = 0;
            for (int n = 0; n < g.N; n++)
                for (int i = 0; i < g.OutPlane; i++) sum += dy[(n * g.OutC + oc) * g.OutPlane + i];
            db[oc] = (float)sum;
        }
    }
}
