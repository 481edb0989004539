using System.Buffers.Binary;
using System.Text;
using Fer.Tensors.Serialization;

namespace Fer.Tensors.Tests.Serialization;

/// <summary>
/// Hostile inputs: every one must fail with <see cref="SafeTensorsFormatException"/> naming the fault,
/// through a file, a byte array and a stream without a length, and without a large allocation.
/// </summary>
public class SafeTensorsMalformedTests
{
    private const long AllocationLimit = 512 * 1024;

    private static byte[] Build(string header, int dataBytes, ulong? declaredLength = null)
        => Build(Encoding.UTF8.GetBytes(header), dataBytes, declaredLength);

    private static byte[] Build(byte[] header, int dataBytes, ulong? declaredLength = null)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    public static TheoryData<string, byte[], string> Cases => new()
    {
        { "truncated length field", [1, 0, 0], "*has 3 bytes*8-byte header length*" },
        { "empty", [], "*has 0 bytes*" },
        { "huge header length", Build("{}", 0, 1UL << 62), "*header length: 4611686018427387904 bytes is over the limit*" },
        { "header length beyond file", Build("{}", 0, 1000), "*header length: 1000 bytes, but only 2 bytes follow*" },
        { "invalid JSON", Build("{\"a\":", 0), "*not valid JSON*" },
        { "not an object", Build("[1,2]   ", 0), "*must start with '{'*" },
        { "leading space", Build(" {}", 0), "*must start with '{'*" },
        { "invalid UTF-8", Build([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], 0), "*not valid UTF-8*" },
        { "content after object", Build("{} {}", 0), "*not valid JSON*" },
        { "offsets beyond data", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[100],\"data_offsets\":[0,400]}}", 16), "*'w': data_offsets: the data ends at byte 400 but only 16 bytes follow*" },
        { "overlap", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "*'b': data_offsets: [4, 12] overlaps tensor 'a'*" },
        { "gap", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20), "*'b': data_offsets: [12, 20] leaves a gap*ends at 8*" },
        { "not starting at zero", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "*'a'*gap*" },
        { "unknown dtype", Build("{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "*'a': dtype: 'F33' is unknown*" },
        { "fp8 dtype", Build("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "*'a': dtype: 'F8_E4M3' is not supported*" },
        { "dtype not a string", Build("{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "*'a': dtype: expected a string*" },
        { "shape/bytes mismatch", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "*'a': data_offsets: [0, 8] spans 8 bytes but shape [3] of F32 needs 12*" },
        { "negative dim", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "*'a': shape: value -1 is negative*" },
        { "fractional dim", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "*'a': shape: value 1.5 is not a non-negative integer*" },
        { "overflowing product", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2000000000,2000000000,2000000000],\"data_offsets\":[0,4]}}", 4), "*'a': shape: the product of shape*overflows*" },
        { "too many elements", Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[65536,65536],\"data_offsets\":[0,4294967296]}}", 4), "*'a': shape:*4294967296 elements*" },
        { "dim too large", Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[3000000000],\"data_offsets\":[0,3000000000]}}", 4), "*'a': shape: dimension 0 is 3000000000*" },
        { "trailing bytes", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 9), "*5 trailing bytes*" },
        { "duplicate names", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "*'a': the name appears twice*" },
        { "duplicate field", Build("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "*'a': dtype: appears twice*" },
        { "missing offsets", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "*'a': data_offsets: is missing*" },
        { "three offsets", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4), "*'a': data_offsets: expected [begin, end]*" },
        { "end before begin", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", 4), "*'a': data_offsets: [4, 0] ends before it begins*" },
        { "tensor not an object", Build("{\"a\":[1,2]}", 0), "*'a': expected an object*" },
        { "metadata not strings", Build("{\"__metadata__\":{\"epoch\":3}}", 0), "*__metadata__: value of 'epoch' must be a string*" },
        { "metadata twice", Build("{\"__metadata__\":{},\"__metadata__\":{}}", 0), "*__metadata__: appears twice*" },
        { "lone surrogate", Build("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "*invalid*" },
        { "bad bool byte", Build("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", 0).Concat(new byte[] { 1, 7 }).ToArray(), "*'m': data: BOOL element 1 is 7*" },
        { "one gigabyte claimed, 16 bytes present", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[268435456],\"data_offsets\":[0,1073741824]}}", 16), "*'w'*" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_Malformed_ThrowsTypedExceptionWithoutLargeAllocation(string what, byte[] bytes, string message)
    {
        using var dir = new TempFolder();
        string path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, bytes);

        Check(() => SafeTensorsFile.Read(path), path, message, what);
        Check(() => SafeTensorsFile.Read(bytes, "bytes"), "bytes", message, what);
        // A stream without a length sees trailing or missing data only while reading: the message differs, the type does not.
        Check(() => SafeTensorsFile.Read(new NonSeekableStream(bytes), "entry"), "entry", null, what);
    }

    private static void Check(Func<SafeTensorsContent> read, string source, string? message, string what)
    {
        SafeTensorsFormatException? caught = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            read();
        }
        catch (SafeTensorsFormatException e)
        {
            caught = e;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        caught.Should().NotBeNull($"{what} must be rejected");
        caught!.SourceName.Should().Be(source);
        caught.Message.Should().StartWith(source + ":", what);
        if (message is not null) caught.Message.Should().Match(message, what);
        allocated.Should().BeLessThan(AllocationLimit, $"{what} must be rejected before large buffers exist");
    }
}
