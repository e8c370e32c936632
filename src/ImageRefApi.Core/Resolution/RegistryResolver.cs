using ImageRefApi.Core.Parsing;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Resolution;

/// <summary>
/// The OCI Distribution resolver: checks configuration, allow-list and addresses before any byte is sent,
/// then asks the registry (through <see cref="RegistrySession"/>) and caches the answers.
/// </summary>
internal sealed partial class RegistryResolver : IRegistryResolver, IDisposable
{
    private const string CacheKeyPrefix = "imagerefapi:resolution:v1:";
    private static readonly IReadOnlyList<Suggestion> NoSuggestions = [];

    private readonly ResolutionOptions _options;
    private readonly HybridCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<RegistryResolver> _logger;
    private readonly RegistryPatternList _allowed;
    private readonly RegistryPatternList _insecure;
    private readonly HttpMessageInvoker _http;

    public RegistryResolver(IOptions<ResolutionOptions> options, HybridCache cache, TimeProvider time, ILogger<RegistryResolver> logger)
    {
        _options = options.Value;
        _cache = cache;
        _time = time;
        _logger = logger;
        _allowed = new RegistryPatternList(_options.AllowedRegistries);
        _insecure = new RegistryPatternList(_options.InsecureRegistries);
        _http = new HttpMessageInvoker(GuardedConnector.CreateHandler(_options), disposeHandler: true);
    }

    public void Dispose() => _http.Dispose();

    public async Task<ResolutionResult> ResolveAsync(ImageReference reference, string? platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var registry = reference.Registry;
        if (!_options.Enabled)
        {
            return Refused(ResolutionDiagnostics.ResolutionDisabled, Severity.Info,
                "Registry resolution is disabled on this server (Resolution:Enabled is false); existence and digest were not checked.");
        }

        if (registry.Length == 0 || !_allowed.Matches(registry))
        {
            return Refused(ResolutionDiagnostics.RegistryNotAllowed, Severity.Warning,
                $"Registry '{registry}' is not in Resolution:AllowedRegistries; it was not contacted.");
        }

        var insecure = _insecure.Matches(registry);
        var session = new RegistrySession(_http, RegistrySession.EndpointFor(registry, insecure), reference.Repository, FindCredential(registry), insecure, _options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await ResolveCoreAsync(session, reference, platform, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(ResolutionDiagnostics.Timeout, $"Registry '{registry}' did not answer within {_options.TimeoutSeconds} s.");
        }
        catch (RegistryFailure f)
        {
            LogFailure(_logger, registry, reference.Repository, f.Code, f.Message);
            return Failure(f.Code, $"Registry '{registry}': {f.Message}");
        }
        catch (HttpRequestException e)
        {
            var (code, message) = Describe(e, registry);
            LogFailure(_logger, registry, reference.Repository, code, message);
            return code == ResolutionDiagnostics.AddressRefused
                ? Refused(code, Severity.Warning, message)
                : Failure(code, message);
        }
    }

    private async Task<ResolutionResult> ResolveCoreAsync(RegistrySession session, ImageReference reference, string? platform, CancellationToken ct)
    {
        var name = reference.Registry + "/" + reference.Repository;
        var diagnostics = new List<Diagnostic>();
        ManifestEntry? tagEntry = null;
        ManifestEntry? digestEntry = null;
        var tag = reference.Digest is null ? reference.Tag ?? "latest" : reference.Tag;
        if (reference.Digest is not null)
        {
            digestEntry = await LookupAsync(session, reference, reference.Digest, isTag: false, ct).ConfigureAwait(false);
        }

        if (tag is not null && digestEntry?.Status != LookupStatus.RepositoryUnknown)
        {
            tagEntry = await LookupAsync(session, reference, tag, isTag: true, ct).ConfigureAwait(false);
        }

        if ((digestEntry ?? tagEntry)!.Status == LookupStatus.RepositoryUnknown || tagEntry?.Status == LookupStatus.RepositoryUnknown)
        {
            diagnostics.Add(new Diagnostic(ResolutionDiagnostics.RepositoryNotFound, Severity.Error,
                $"Repository '{name}' does not exist (or is not visible with the configured credentials).", null, NoSuggestions));
            return new ResolutionResult(ResolutionStatus.NotFound, false, null, null, null, null, null, (digestEntry ?? tagEntry)!.CheckedAt, diagnostics);
        }

        // What a pull fetches: the digest when one is written, else the tag.
        var fetched = digestEntry ?? tagEntry!;
        var exists = fetched.Status == LookupStatus.Found;
        string? pinned = null;

        if (digestEntry is not null)
        {
            var tagFound = tagEntry?.Status == LookupStatus.Found;
            if (!exists)
            {
                var suggestions = tagFound ? Suggest($"Pin {tag} to its current digest", Pin(reference, tag!, tagEntry!.Digest!)) : NoSuggestions;
                diagnostics.Add(new Diagnostic(ResolutionDiagnostics.DigestNotFound, Severity.Error,
                    $"Digest {reference.Digest} does not exist in '{name}'" + (tagFound ? $"; tag '{tag}' currently points to {tagEntry!.Digest}." : "."),
                    null, suggestions));
                pinned = tagFound ? Pin(reference, tag!, tagEntry!.Digest!) : null;
            }
            else
            {
                pinned = Pin(reference, tag, reference.Digest!);
                if (tagFound && !string.Equals(tagEntry!.Digest, reference.Digest, StringComparison.Ordinal))
                {
                    diagnostics.Add(new Diagnostic(ResolutionDiagnostics.TagMoved, Severity.Warning,
                        $"Tag moved: '{tag}' now points to {tagEntry.Digest}, not {reference.Digest}; a pull still fetches the written digest.",
                        null, Suggest($"Pin {tag} to the digest it points to now", Pin(reference, tag!, tagEntry.Digest!))));
                }
            }

            if (tagEntry is not null && !tagFound)
            {
                diagnostics.Add(TagNotFound(reference, name, tag!, tagEntry, exists ? Severity.Warning : Severity.Error));
            }
        }
        else if (exists)
        {
            pinned = Pin(reference, tag, fetched.Digest!);
            diagnostics.Add(new Diagnostic(ResolutionDiagnostics.PinDigest, Severity.Info,
                $"Tag '{tag}' currently resolves to {fetched.Digest}; pin it for reproducible pulls.",
                null, Suggest($"Pin {tag} to its current digest", pinned)));
        }
        else
        {
            diagnostics.Add(TagNotFound(reference, name, tag!, tagEntry!, Severity.Error));
        }

        string? platformDigest = null;
        if (exists && fetched.Platforms is not null && !string.IsNullOrWhiteSpace(platform))
        {
            platformDigest = FindPlatform(fetched.Platforms, platform.Trim());
            if (platformDigest is null)
            {
                diagnostics.Add(new Diagnostic(ResolutionDiagnostics.PlatformNotFound, Severity.Warning,
                    $"The image index has no manifest for platform '{platform.Trim()}'; it has {string.Join(", ", fetched.Platforms.Select(p => p.Platform).Distinct())}.",
                    null, NoSuggestions));
            }
        }

        var platforms = exists ? fetched.Platforms?.Select(p => p.Platform).Distinct(StringComparer.Ordinal).ToArray() : null;
        return new ResolutionResult(
            exists ? ResolutionStatus.Resolved : ResolutionStatus.NotFound,
            exists,
            exists ? fetched.Digest : null,
            exists ? fetched.MediaType : null,
            platforms,
            platformDigest,
            pinned,
            fetched.CheckedAt,
            diagnostics);
    }

    private static string? FindPlatform(IReadOnlyList<PlatformEntry> platforms, string wanted)
    {
        foreach (var p in platforms)
        {
            // linux/arm64 also matches an entry that names the default variant (linux/arm64/v8).
            if (p.Platform.Equals(wanted, StringComparison.OrdinalIgnoreCase)
                || (p.Platform.StartsWith(wanted + "/", StringComparison.OrdinalIgnoreCase) && wanted.Count(c => c == '/') == 1))
            {
                return p.Digest;
            }
        }

        return null;
    }

    private static Diagnostic TagNotFound(ImageReference reference, string name, string tag, ManifestEntry entry, Severity severity)
    {
        var nearby = entry.NearbyTags ?? [];
        var suggestions = new List<Suggestion>(nearby.Count);
        foreach (var t in nearby)
        {
            var candidate = $"{reference.Registry}/{reference.Repository}:{t}";
            if (ImageReference.IsValid(candidate))
            {
                suggestions.Add(new Suggestion($"Use the existing tag '{t}'", candidate));
            }
        }

        var message = $"Tag '{tag}' does not exist in '{name}'"
            + (nearby.Count > 0 ? $"; nearby tags: {string.Join(", ", nearby)}." : ".")
            + (severity == Severity.Warning ? " A pull still works because it uses the written digest." : string.Empty);
        return new Diagnostic(ResolutionDiagnostics.TagNotFound, severity, message, null, suggestions);
    }

    private static string Pin(ImageReference reference, string? tag, string digest) =>
        tag is null ? $"{reference.Registry}/{reference.Repository}@{digest}" : $"{reference.Registry}/{reference.Repository}:{tag}@{digest}";

    private static IReadOnlyList<Suggestion> Suggest(string description, string reference) =>
        ImageReference.IsValid(reference) ? [new Suggestion(description, reference)] : NoSuggestions;

    private async Task<ManifestEntry> LookupAsync(RegistrySession session, ImageReference reference, string target, bool isTag, CancellationToken ct)
    {
        var seconds = isTag ? _options.TagCacheSeconds : _options.DigestCacheSeconds;
        if (seconds == 0)
        {
            return await FetchAsync(session, target, isTag, ct).ConfigureAwait(false);
        }

        var key = string.Concat(CacheKeyPrefix, reference.Registry.ToLowerInvariant(), "/", reference.Repository, isTag ? ":" : "@", target);
        var ttl = TimeSpan.FromSeconds(seconds);
        var entry = await _cache.GetOrCreateAsync(
            key,
            (Resolver: this, Session: session, Target: target, IsTag: isTag),
            static (s, token) => new ValueTask<ManifestEntry>(s.Resolver.FetchAsync(s.Session, s.Target, s.IsTag, token)),
            new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl },
            cancellationToken: ct).ConfigureAwait(false);

        if (!isTag && entry.Status != LookupStatus.Found && _options.TagCacheSeconds < seconds)
        {
            // A missing digest may be pushed later, so its absence is only remembered as long as a tag answer.
            var shortTtl = TimeSpan.FromSeconds(_options.TagCacheSeconds);
            await _cache.SetAsync(key, entry, new HybridCacheEntryOptions { Expiration = shortTtl, LocalCacheExpiration = shortTtl }, cancellationToken: ct).ConfigureAwait(false);
        }

        return entry;
    }

    private async Task<ManifestEntry> FetchAsync(RegistrySession session, string target, bool isTag, CancellationToken ct)
    {
        var (status, manifest) = await session.LookupManifestAsync(target, ct).ConfigureAwait(false);
        IReadOnlyList<string>? nearby = null;
        if (status == LookupStatus.ManifestUnknown && isTag && _options.SuggestNearbyTags)
        {
            try
            {
                var (repositoryUnknown, tags) = await session.ListTagsAsync(ct).ConfigureAwait(false);
                status = repositoryUnknown ? LookupStatus.RepositoryUnknown : status;
                nearby = tags is null ? null : NearbyTags.Find(target, tags);
            }
            catch (RegistryFailure)
            {
                // Listing is a courtesy: a registry that refuses or botches it still gets its TAG_NOT_FOUND.
            }
        }

        return new ManifestEntry(status, manifest?.Digest, manifest?.MediaType, manifest?.Platforms, nearby, _time.GetUtcNow());
    }

    private RegistryCredential? FindCredential(string registry)
    {
        foreach (var c in _options.Credentials)
        {
            if (string.Equals(c.Registry, registry, StringComparison.OrdinalIgnoreCase))
            {
                return c;
            }
        }

        return null;
    }

    private (string Code, string Message) Describe(HttpRequestException e, string registry)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AddressRefusedException refused:
                    return (ResolutionDiagnostics.AddressRefused,
                        $"Registry '{registry}' was not contacted: {refused.Message} Loopback, private, link-local and metadata addresses are refused"
                        + (_options.AllowPrivateNetworks ? " (metadata addresses always)." : " unless Resolution:AllowPrivateNetworks is true."));
                case TimeoutException:
                    return (ResolutionDiagnostics.Timeout, $"Registry '{registry}' could not be connected to within {_options.ConnectTimeoutSeconds} s.");
            }
        }

        return (ResolutionDiagnostics.RegistryError, $"Registry '{registry}' could not be reached: {e.Message}");
    }

    private static ResolutionResult Refused(string code, Severity severity, string message) =>
        new(ResolutionStatus.Refused, false, null, null, null, null, null, null, [new Diagnostic(code, severity, message, null, NoSuggestions)]);

    private static ResolutionResult Failure(string code, string message) =>
        new(ResolutionStatus.Failed, false, null, null, null, null, null, null, [new Diagnostic(code, Severity.Warning, message, null, NoSuggestions)]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resolution of {Registry}/{Repository} failed with {Code}: {Detail}")]
    private static partial void LogFailure(ILogger logger, string registry, string repository, string code, string detail);
}
