using Fer.Transforms.Imaging;

namespace ExpressionService;

/// <summary>Reading a request's image body with a size cap, and turning bad images into 400 answers.</summary>
public static class ImageBody
{
    public const int MaxBytes = 20 << 20;

    /// <summary>The body, or null when it exceeds <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static IResult TooLarge() => Results.Problem($"The image is larger than {MaxBytes >> 20} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>Runs <paramref name="score"/>; an undecodable image is the client's fault (400), not the server's.</summary>
    public static IResult Guard(Func<IResult> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        try
        {
            return score();
        }
        catch (ImageFormatException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
