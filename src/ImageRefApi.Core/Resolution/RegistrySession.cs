using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ImageRefApi.Core.Resolution;

/// <summary>A manifest as the registry described it.</summary>
internal sealed record ManifestInfo(string Digest, string? MediaType, IReadOnlyList<PlatformEntry>? Platforms);

/// <summary>One platform of an image index.</summary>
internal sealed record PlatformEntry(string Platform, string Digest);

/// <summary>Outcome of a manifest lookup: found, or which thing is missing.</summary>
internal enum LookupStatus
{
    Found,
    ManifestUnknown,
    RepositoryUnknown,
}

/// <summary>
/// The calls of one resolution against one repository: manifest HEAD/GET, tag listing and the auth dance.
/// Keeps the bearer token for its repository so the lookups of one resolution share it.
/// </summary>
internal sealed class RegistrySession
{
    internal const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    internal const string OciIndex = "application/vnd.oci.image.index.v1+json";
    internal const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    internal const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    private const int MaxRedirects = 5;

    private static readonly MediaTypeWithQualityHeaderValue[] ManifestAccept =
    [
        new(OciIndex), new(OciManifest), new(DockerManifestList), new(DockerManifest),
    ];

    private readonly HttpMessageInvoker _http;
    private readonly Uri _baseUri;
    private readonly string _repository;
    private readonly RegistryCredential? _credential;
    private readonly bool _insecure;
    private readonly int _maxManifestBytes;
    private readonly int _maxAuxiliaryBytes;
    private AuthenticationHeaderValue? _authorization;
    private Uri? _realm;
    private bool _authenticated;

    public RegistrySession(HttpMessageInvoker http, Uri baseUri, string repository, RegistryCredential? credential, bool insecure, ResolutionOptions options)
    {
        _http = http;
        _baseUri = baseUri;
        _repository = repository;
        _credential = credential;
        _insecure = insecure;
        _maxManifestBytes = options.MaxManifestBytes;
        _maxAuxiliaryBytes = options.MaxAuxiliaryBytes;
    }

    /// <summary>The endpoint a registry name maps to: Docker Hub's API lives at registry-1.docker.io.</summary>
    public static Uri EndpointFor(string registry, bool insecure)
    {
        var host = registry is "docker.io" or "index.docker.io" ? "registry-1.docker.io" : registry;
        return new Uri((insecure ? "http://" : "https://") + host + "/", UriKind.Absolute);
    }

    /// <summary>HEAD, then GET when the HEAD answer is not enough (no digest, an index whose platforms are wanted, HEAD unsupported).</summary>
    public async Task<(LookupStatus Status, ManifestInfo? Manifest)> LookupManifestAsync(string reference, CancellationToken ct)
    {
        var uri = new Uri(_baseUri, $"v2/{_repository}/manifests/{reference}");
        using (var head = await SendAsync(HttpMethod.Head, uri, ManifestAccept, ct).ConfigureAwait(false))
        {
            if (head.StatusCode == HttpStatusCode.OK)
            {
                CheckLength(head, _maxManifestBytes);
                var digest = HeaderDigest(head);
                var mediaType = head.Content.Headers.ContentType?.MediaType;
                if (digest is not null && mediaType is not null && !IsIndex(mediaType))
                {
                    return (LookupStatus.Found, new ManifestInfo(digest, mediaType, null));
                }
            }
            else if (head.StatusCode != HttpStatusCode.NotFound && head.StatusCode != HttpStatusCode.MethodNotAllowed)
            {
                ThrowForStatus(head);
            }
        }

        using var get = await SendAsync(HttpMethod.Get, uri, ManifestAccept, ct).ConfigureAwait(false);
        if (get.StatusCode == HttpStatusCode.NotFound)
        {
            var body = await ReadBodyAsync(get, _maxAuxiliaryBytes, ct).ConfigureAwait(false);
            return (HasErrorCode(body, "NAME_UNKNOWN") ? LookupStatus.RepositoryUnknown : LookupStatus.ManifestUnknown, null);
        }

        if (get.StatusCode != HttpStatusCode.OK)
        {
            ThrowForStatus(get);
        }

        var bytes = await ReadBodyAsync(get, _maxManifestBytes, ct).ConfigureAwait(false);
        var computed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var headerDigest = HeaderDigest(get);
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && !string.Equals(reference, computed, StringComparison.Ordinal))
        {
            throw new RegistryFailure(ResolutionDiagnostics.RegistryError, $"The registry answered for {reference} with content whose digest is {computed}.");
        }

        return (LookupStatus.Found, ParseManifest(bytes, headerDigest ?? computed, get.Content.Headers.ContentType?.MediaType));
    }

    /// <summary>
    /// The repository's tags (first page), null when the registry does not list them, and whether the listing
    /// said the repository itself is unknown (registries answer MANIFEST_UNKNOWN for a tag of a missing repository).
    /// </summary>
    public async Task<(bool RepositoryUnknown, IReadOnlyList<string>? Tags)> ListTagsAsync(CancellationToken ct)
    {
        var uri = new Uri(_baseUri, $"v2/{_repository}/tags/list?n=1000");
        using var response = await SendAsync(HttpMethod.Get, uri, [new MediaTypeWithQualityHeaderValue("application/json")], ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (HasErrorCode(await ReadBodyAsync(response, _maxAuxiliaryBytes, ct).ConfigureAwait(false), "NAME_UNKNOWN"), null);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (false, null);
        }

        var bytes = await ReadBodyAsync(response, _maxAuxiliaryBytes, ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
            {
                return (false, []);
            }

            var list = new List<string>(tags.GetArrayLength());
            foreach (var t in tags.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } s)
                {
                    list.Add(s);
                }
            }

            return (false, list);
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }

    internal static ManifestInfo ParseManifest(byte[] bytes, string digest, string? contentType)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new RegistryFailure(ResolutionDiagnostics.RegistryError, "The registry answered with a manifest that is not a JSON object.");
            }

            var mediaType = contentType is { Length: > 0 } && contentType != "application/json" && contentType != "text/plain"
                ? contentType
                : root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : contentType;

            List<PlatformEntry>? platforms = null;
            if ((mediaType is not null && IsIndex(mediaType)) || (root.TryGetProperty("manifests", out var probe) && probe.ValueKind == JsonValueKind.Array))
            {
                platforms = [];
                if (root.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array)
                {
                    foreach (var m in manifests.EnumerateArray())
                    {
                        if (m.ValueKind == JsonValueKind.Object
                            && m.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object
                            && m.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String
                            && PlatformName(p) is { } name)
                        {
                            platforms.Add(new PlatformEntry(name, d.GetString()!));
                        }
                    }
                }
            }

            return new ManifestInfo(digest, mediaType, platforms);
        }
        catch (JsonException e)
        {
            throw new RegistryFailure(ResolutionDiagnostics.RegistryError, "The registry answered with a manifest that is not valid JSON.", e);
        }
    }

    private static string? PlatformName(JsonElement p)
    {
        var os = p.TryGetProperty("os", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        var arch = p.TryGetProperty("architecture", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (string.IsNullOrEmpty(os) || string.IsNullOrEmpty(arch) || (os == "unknown" && arch == "unknown"))
        {
            return null; // attestation manifests carry unknown/unknown and are not runnable platforms
        }

        var variant = p.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return string.IsNullOrEmpty(variant) ? $"{os}/{arch}" : $"{os}/{arch}/{variant}";
    }

    private static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    private static string? HeaderDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { Length: > 0 } d ? d.Trim() : null;

    private static bool HasErrorCode(byte[] body, string code)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in errors.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() == code)
                    {
                        return true;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable error body is simply not that error.
        }

        return false;
    }

    private static void ThrowForStatus(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is 401 or 403)
        {
            throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed, $"The registry refused access ({status} {response.ReasonPhrase}).");
        }

        throw new RegistryFailure(ResolutionDiagnostics.RegistryError, status == 429
            ? "The registry is rate-limiting requests (429 Too Many Requests)."
            : $"The registry answered {status} {response.ReasonPhrase}.");
    }

    private static void CheckLength(HttpResponseMessage response, int max)
    {
        if (response.Content.Headers.ContentLength is long length && length > max)
        {
            throw new RegistryFailure(ResolutionDiagnostics.ResponseTooLarge, $"The registry announced a {length}-byte response; the limit is {max} bytes.");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, int max, CancellationToken ct)
    {
        CheckLength(response, max);
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    throw new RegistryFailure(ResolutionDiagnostics.ResponseTooLarge, $"The registry response exceeded the limit of {max} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Sends with redirects and, on a 401 challenge, one retry after authenticating.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, MediaTypeWithQualityHeaderValue[] accept, CancellationToken ct)
    {
        var response = await SendFollowingRedirectsAsync(method, uri, accept, _authorization, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || _authenticated)
        {
            return response;
        }

        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
        response.Dispose();
        _authorization = await AuthenticateAsync(challenge, ct).ConfigureAwait(false);
        _authenticated = true;
        response = await SendFollowingRedirectsAsync(method, uri, accept, _authorization, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed, _credential is null
                ? "The registry requires credentials and none are configured for it."
                : "The registry refused the credentials configured for it.");
        }

        return response;
    }

    private async Task<AuthenticationHeaderValue> AuthenticateAsync(AuthenticationHeaderValue? challenge, CancellationToken ct)
    {
        if (challenge is null)
        {
            throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed, "The registry answered 401 without a WWW-Authenticate challenge.");
        }

        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return BasicHeader() ?? throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed,
                "The registry requires credentials (Basic) and none are configured for it in Resolution:Credentials.");
        }

        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed, $"The registry asked for an unsupported authentication scheme '{challenge.Scheme}'.");
        }

        var parameters = WwwAuthenticate.ParseParameters(challenge.Parameter);
        if (!parameters.TryGetValue("realm", out var realmText)
            || !Uri.TryCreate(realmText, UriKind.Absolute, out var realm)
            || !(realm.Scheme == Uri.UriSchemeHttps || (realm.Scheme == Uri.UriSchemeHttp && _insecure))
            || !string.IsNullOrEmpty(realm.UserInfo))
        {
            throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed, "The registry's bearer challenge names no usable HTTPS token realm.");
        }

        _realm = realm;
        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : string.Empty);
        if (parameters.TryGetValue("service", out var service))
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }

        // Ask for pull on this repository only, whatever wider scope the challenge mentions.
        query.Append("scope=").Append(Uri.EscapeDataString($"repository:{_repository}:pull"));
        var tokenUri = new UriBuilder(realm) { Query = query.ToString() }.Uri;

        using var response = await SendFollowingRedirectsAsync(HttpMethod.Get, tokenUri, [new MediaTypeWithQualityHeaderValue("application/json")], BasicHeader(), ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed, $"The token service answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        var body = await ReadBodyAsync(response, _maxAuxiliaryBytes, ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var name in (string[])["token", "access_token"])
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var t)
                    && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } token)
                {
                    return new AuthenticationHeaderValue("Bearer", token);
                }
            }
        }
        catch (JsonException)
        {
            // Falls through to the failure below.
        }

        throw new RegistryFailure(ResolutionDiagnostics.AuthenticationFailed, "The token service answered without a token.");
    }

    private AuthenticationHeaderValue? BasicHeader() => _credential is null
        ? null
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credential.Username}:{_credential.Password}")));

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(
        HttpMethod method, Uri uri, MediaTypeWithQualityHeaderValue[] accept, AuthenticationHeaderValue? authorization, CancellationToken ct)
    {
        var origin = uri;
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, uri);
            foreach (var a in accept)
            {
                request.Headers.Accept.Add(a);
            }

            // Credentials only go back to the authority they were meant for.
            if (authorization is not null && SameAuthority(uri, origin))
            {
                request.Headers.Authorization = authorization;
            }

            var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308))
            {
                return response;
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null)
            {
                throw new RegistryFailure(ResolutionDiagnostics.RegistryError, $"The registry answered {status} without a Location.");
            }

            var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (!IsAllowedRedirect(target))
            {
                throw new RegistryFailure(ResolutionDiagnostics.RedirectRefused,
                    $"The registry redirected to {target.GetLeftPart(UriPartial.Authority)}, which is neither the registry itself nor its token service.");
            }

            if (hop >= MaxRedirects)
            {
                throw new RegistryFailure(ResolutionDiagnostics.RedirectRefused, $"The registry redirected more than {MaxRedirects} times.");
            }

            if (status == 303 && method != HttpMethod.Head)
            {
                method = HttpMethod.Get;
            }

            uri = target;
        }
    }

    private bool IsAllowedRedirect(Uri target)
    {
        if (!(target.Scheme == Uri.UriSchemeHttps || (target.Scheme == Uri.UriSchemeHttp && _insecure)) || !string.IsNullOrEmpty(target.UserInfo))
        {
            return false;
        }

        return SameHostAndPort(target, _baseUri) || (_realm is not null && SameHostAndPort(target, _realm));
    }

    private static bool SameHostAndPort(Uri a, Uri b) =>
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    private static bool SameAuthority(Uri a, Uri b) => a.Scheme == b.Scheme && SameHostAndPort(a, b);
}
