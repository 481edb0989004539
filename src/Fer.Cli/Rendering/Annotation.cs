using System.Drawing;

namespace Fer.Cli.Rendering;

/// <summary>A box to draw on a photo, with the label written on a band of the same colour above it.</summary>
internal readonly record struct Annotation(RectangleF Box, string Label, Rgb Colour);
