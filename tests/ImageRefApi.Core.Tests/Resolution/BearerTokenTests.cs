using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ImageRefApi.Core.Resolution;

namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>
/// The anonymous bearer flow against a real docker-registry in token-auth mode: the registry challenges with
/// <c>WWW-Authenticate: Bearer realm=…</c>, a loopback token service (written here, signing ES256 JWTs with a
/// throwaway certificate the registry trusts) issues pull tokens, and the registry itself verifies them.
/// </summary>
public sealed class BearerTokenTests : IDisposable
{
    private const string Service = "imagerefapi-test";
    private const string Issuer = "imagerefapi-test-issuer";
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly string _bundle;

    public BearerTokenTests()
    {
        var request = new CertificateRequest("CN=imagerefapi-test-token-signer", _signer, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        _bundle = Path.GetTempFileName();
        File.WriteAllText(_bundle, _certificate.ExportCertificatePem());
    }

    [RegistryFact]
    public async Task ResolveAsync_FetchesPullTokenFromRealm_WhenRegistryChallengesWithBearer()
    {
        var tokenRequests = new ConcurrentQueue<string>();
        await using var tokenService = new LoopbackServer(line =>
        {
            tokenRequests.Enqueue(line);
            var scope = QueryValue(line, "scope");
            var parts = scope?.Split(':');
            var body = parts is { Length: 3 } && parts[0] == "repository" && parts[2] == "pull"
                ? $"{{\"token\":\"{Mint(parts[1], ["pull"])}\",\"expires_in\":300}}"
                : "{\"token\":\"\"}";
            return LoopbackServer.Response(200, "OK", ["Content-Type: application/json"], body);
        });
        var authYaml = $"auth:\n  token:\n    realm: http://127.0.0.1:{tokenService.Port}/token\n    service: {Service}\n    issuer: {Issuer}\n    rootcertbundle: {_bundle}\n";
        using var registry = RegistryProcess.Start(null, null, authYaml, new AuthenticationHeaderValue("Bearer", Mint("private/app", ["pull", "push"])));
        var digest = registry.PushImage("private/app", "1.0", "bearer");
        using var host = new ResolverHost(ResolverHost.ForLoopback(registry.Host));

        var result = await host.ResolveAsync($"{registry.Host}/private/app:1.0");

        Assert.True(result.Exists, string.Join(" | ", result.Diagnostics.Select(d => d.Message)));
        Assert.Equal(digest, result.Digest);
        var request = Assert.Single(tokenRequests);
        Assert.Equal("repository:private/app:pull", QueryValue(request, "scope"));
        Assert.Equal(Service, QueryValue(request, "service"));
    }

    [RegistryFact]
    public async Task ResolveAsync_ReportsAuthFailed_WhenTokenServiceRefuses()
    {
        await using var tokenService = new LoopbackServer(_ => LoopbackServer.Response(403, "Forbidden", []));
        var authYaml = $"auth:\n  token:\n    realm: http://127.0.0.1:{tokenService.Port}/token\n    service: {Service}\n    issuer: {Issuer}\n    rootcertbundle: {_bundle}\n";
        using var registry = RegistryProcess.Start(null, null, authYaml, new AuthenticationHeaderValue("Bearer", Mint("private/app", ["pull", "push"])));
        using var host = new ResolverHost(ResolverHost.ForLoopback(registry.Host));

        var result = await host.ResolveAsync($"{registry.Host}/private/app:1.0");

        Assert.Equal(ResolutionStatus.Failed, result.Status);
        Assert.Equal(ResolutionDiagnostics.AuthenticationFailed, Assert.Single(result.Diagnostics).Code);
        Assert.True(tokenService.Connections > 0);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _signer.Dispose();
        File.Delete(_bundle);
    }

    private static string? QueryValue(string requestLine, string name)
    {
        var target = requestLine.Split(' ')[1];
        var query = target.Contains('?', StringComparison.Ordinal) ? target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        foreach (var pair in query.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == name)
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    private string Mint(string repository, string[] actions)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = $"{{\"alg\":\"ES256\",\"typ\":\"JWT\",\"x5c\":[\"{Convert.ToBase64String(_certificate.RawData)}\"]}}";
        var payload = $"{{\"iss\":\"{Issuer}\",\"sub\":\"\",\"aud\":\"{Service}\",\"exp\":{now + 300},\"nbf\":{now - 10},\"iat\":{now - 10},\"jti\":\"{Guid.NewGuid():N}\","
            + $"\"access\":[{{\"type\":\"repository\",\"name\":\"{repository}\",\"actions\":[{string.Join(",", actions.Select(a => $"\"{a}\""))}]}}]}}";
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = _signer.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
