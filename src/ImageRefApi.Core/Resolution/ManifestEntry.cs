using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Hybrid;

namespace ImageRefApi.Core.Resolution;

/// <summary>What is cached per <c>registry/repository:tag</c> or <c>@digest</c>: the registry's answer and when it was given.</summary>
internal sealed record ManifestEntry(
    LookupStatus Status,
    string? Digest,
    string? MediaType,
    IReadOnlyList<PlatformEntry>? Platforms,
    IReadOnlyList<string>? NearbyTags,
    DateTimeOffset CheckedAt);

/// <summary>Source-generated JSON for cache entries (reflection-free, so trimming-safe).</summary>
[JsonSerializable(typeof(ManifestEntry))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ResolutionJsonContext : JsonSerializerContext;

/// <summary>HybridCache serializer for <see cref="ManifestEntry"/> (used for the Redis L2).</summary>
internal sealed class ManifestEntrySerializer : IHybridCacheSerializer<ManifestEntry>
{
    public ManifestEntry Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        return JsonSerializer.Deserialize(ref reader, ResolutionJsonContext.Default.ManifestEntry)
            ?? throw new JsonException("Empty resolution cache entry.");
    }

    public void Serialize(ManifestEntry value, IBufferWriter<byte> target)
    {
        using var writer = new Utf8JsonWriter(target);
        JsonSerializer.Serialize(writer, value, ResolutionJsonContext.Default.ManifestEntry);
    }
}
