using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Convolution;

/// <summary>Direct double-precision definitions of conv2d and conv_transpose2d for the gradient checks.</summary>
public static class ConvRefOps
{
    /// <summary>out[n, oc, oh, ow] = b[oc] + sum x[n, g*Cg + c, oh*s - top + kh*d, ow*s - left + kw*d] * w[oc, c, kh, kw].</summary>
    public static RefTensor Conv2d(RefTensor x, RefTensor w, RefTensor? b, (int H, int W) stride, (int Top, int Bottom, int Left, int Right) pad,
        (int H, int W) dilation, int groups)
    {
        int n = x.Shape[0], cin = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int cout = w.Shape[0], cg = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3];
        int oh = (h + pad.Top + pad.Bottom - dilation.H * (kh - 1) - 1) / stride.H + 1;
        int ow = (wd + pad.Left + pad.Right - dilation.W * (kw - 1) - 1) / stride.W + 1;
        int outPerGroup = cout / groups;
        var y = new RefTensor(n, cout, oh, ow);
        double[] xd = x.Data, wdat = w.Data, yd = y.Data;
        for (int b0 = 0; b0 < n; b0++)
            for (int oc = 0; oc < cout; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = b is null ? 0 : b.Data[oc];
                        for (int c = 0; c < cg; c++)
                        {
                            int ic = oc / outPerGroup * cg + c;
                            for (int p = 0; p < kh; p++)
                            {
                                int ih = i * stride.H - pad.Top + p * dilation.H;
                                if (ih < 0 || ih >= h) continue;
                                for (int q = 0; q < kw; q++)
                                {
                                    int iw = j * stride.W - pad.Left + q * dilation.W;
                                    if (iw < 0 || iw >= wd) continue;
                                    s += xd[((b0 * cin + ic) * h + ih) * wd + iw] * wdat[((oc * cg + c) * kh + p) * kw + q];
                                }
                            }
                        }
                        yd[((b0 * cout + oc) * oh + i) * ow + j] = s;
                    }
        return y;
    }

    /// <summary>
    /// Scatter definition of PyTorch's conv_transpose2d: every input pixel (ih, iw) adds x * w[ic, c, p, q]
    /// to output (ih*s - pad + p*d, iw*s - pad + q*d) of channel g*Cout_g + c, where it lands inside.
    /// </summary>
    public static RefTensor ConvTranspose2d(RefTensor x, RefTensor w, RefTensor? b, (int H, int W) stride, (int H, int W) pad,
        (int H, int W) outputPadding, (int H, int W) dilation, int groups)
    {
        int n = x.Shape[0], cin = x.Shape[1], h = x.Shape[2], wd = x.Shape[3];
        int cg = w.Shape[1], kh = w.Shape[2], kw = w.Shape[3], cout = cg * groups, inPerGroup = cin / groups;
        int oh = (h - 1) * stride.H - 2 * pad.H + dilation.H * (kh - 1) + outputPadding.H + 1;
        int ow = (wd - 1) * stride.W - 2 * pad.W + dilation.W * (kw - 1) + outputPadding.W + 1;
        var y = new RefTensor(n, cout, oh, ow);
        for (int b0 = 0; b0 < n; b0++)
            for (int oc = 0; oc < cout; oc++)
                for (int i = 0; i < oh * ow; i++)
                    y.Data[(b0 * cout + oc) * oh * ow + i] = b is null ? 0 : b.Data[oc];
        for (int b0 = 0; b0 < n; b0++)
            for (int ic = 0; ic < cin; ic++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < wd; j++)
                    {
                        double v = x.Data[((b0 * cin + ic) * h + i) * wd + j];
                        for (int c = 0; c < cg; c++)
                        {
                            int oc = ic / inPerGroup * cg + c;
                            for (int p = 0; p < kh; p++)
                            {
                                int y0 = i * stride.H - pad.H + p * dilation.H;
                                if (y0 < 0 || y0 >= oh) continue;
                                for (int q = 0; q < kw; q++)
                                {
                                    int x0 = j * stride.W - pad.W + q * dilation.W;
                                    if (x0 < 0 || x0 >= ow) continue;
                                    y.Data[((b0 * cout + oc) * oh + y0) * ow + x0] += v * w.Data[((ic * cg + c) * kh + p) * kw + q];
                                }
                            }
                        }
                    }
        return y;
    }
}
