namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// What one ML.NET component writes in its <c>Model.key</c> header and accepts back: model
/// signature, versions (written, readable, oldest it can read back), loader signature and assembly.
/// </summary>
internal readonly record struct MLNetVersionInfo(
    string ModelSignature, uint VersionWritten, uint VersionReadable, uint VersionWeCanReadBack,
    string LoaderSignature, string? LoaderSignatureAlt, string? AssemblyName)
{
    /// <summary>
    /// Applies ML.NET's version checks to <paramref name="key"/>: same model signature, readable not
    /// above written, readable not above what this component writes, written not newer than it and
    /// not older than what it can read back.
    /// </summary>
    public void Check(MLNetModelKey key, string? file, string? entry)
    {
        string loader = LoaderSignature;
        ModelFormatException Bad(string detail) => new($"{loader}: {detail}", file, entry);

        if (key.LoaderSignature != LoaderSignature)
            throw Bad($"the stream's loader signature is '{key.LoaderSignature}'.");
        if (key.ModelSignatureValue != MLNetModelKey.EncodeModelSignature(ModelSignature))
            throw Bad($"model signature is '{key.ModelSignature}', expected '{ModelSignature}' (unknown file type).");
        if (key.VersionReadable > key.VersionWritten)
            throw Bad($"corrupt header: readable version 0x{key.VersionReadable:X8} is above written version 0x{key.VersionWritten:X8}.");
        if (key.VersionReadable > VersionWritten)
            throw Bad($"the component needs a reader of version 0x{key.VersionReadable:X8}; this one reads up to 0x{VersionWritten:X8} (model too new).");
        if (key.VersionWritten > VersionWritten)
            throw Bad($"written with version 0x{key.VersionWritten:X8}, newer than 0x{VersionWritten:X8} (model too new).");
        if (key.VersionWritten < VersionWeCanReadBack)
            throw Bad($"written with version 0x{key.VersionWritten:X8}, older than 0x{VersionWeCanReadBack:X8}, the oldest readable (model too old).");
    }
}
