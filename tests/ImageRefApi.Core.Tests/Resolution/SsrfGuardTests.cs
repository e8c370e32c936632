using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ImageRefApi.Core.Resolution;

namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>The safety rules, each shown against a real loopback listener that counts connections.</summary>
public sealed class SsrfGuardTests
{
    private static LoopbackServer Answering() => new(_ => LoopbackServer.Response(404, "Not Found", []));

    [Fact]
    public async Task ResolveAsync_ContactsNothing_WhenDisabled()
    {
        await using var server = Answering();
        var settings = ResolverHost.ForLoopback($"127.0.0.1:{server.Port}");
        settings["Resolution:Enabled"] = "false";
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.Equal(ResolutionStatus.Refused, result.Status);
        Assert.Equal(ResolutionDiagnostics.ResolutionDisabled, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task ResolveAsync_ContactsNothing_WhenRegistryNotAllowed()
    {
        await using var server = Answering();
        var settings = ResolverHost.ForLoopback("registry.example.com");
        settings["Resolution:InsecureRegistries:0"] = $"127.0.0.1:{server.Port}";
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.Equal(ResolutionStatus.Refused, result.Status);
        Assert.Equal(ResolutionDiagnostics.RegistryNotAllowed, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task ResolveAsync_RefusesLocalhost_WhenPrivateNetworksNotAllowed()
    {
        await using var server = Answering();
        var registry = $"localhost:{server.Port}";
        var settings = ResolverHost.ForLoopback(registry);
        settings["Resolution:AllowPrivateNetworks"] = "false";
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"{registry}/app:1");

        Assert.Equal(ResolutionStatus.Refused, result.Status);
        Assert.Equal(ResolutionDiagnostics.AddressRefused, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task ResolveAsync_Connects_WhenPrivateNetworksAllowed()
    {
        // The control for the refusal above: the same listener is reached once private networks are allowed.
        await using var server = Answering();
        var registry = $"localhost:{server.Port}";
        using var host = new ResolverHost(ResolverHost.ForLoopback(registry));

        var result = await host.ResolveAsync($"{registry}/app:1");

        Assert.True(server.Connections > 0);
        Assert.Equal(ResolutionStatus.NotFound, result.Status);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task ResolveAsync_RefusesMetadataAddress_EvenWhenAllowListed(string allowPrivate)
    {
        var settings = ResolverHost.ForLoopback("169.254.169.254");
        settings["Resolution:AllowPrivateNetworks"] = allowPrivate;
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync("169.254.169.254/latest/meta-data:1");

        Assert.Equal(ResolutionStatus.Refused, result.Status);
        Assert.Equal(ResolutionDiagnostics.AddressRefused, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public async Task ResolveAsync_RefusesRedirectToAnotherHost()
    {
        await using var elsewhere = new LoopbackServer(_ => LoopbackServer.Response(200, "OK", []), "127.0.0.2");
        await using var server = new LoopbackServer(_ => LoopbackServer.Response(307, "Temporary Redirect",
            [$"Location: http://127.0.0.2:{elsewhere.Port}/v2/app/manifests/1"]));
        using var host = new ResolverHost(ResolverHost.ForLoopback($"127.0.0.1:{server.Port}"));

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.Equal(ResolutionStatus.Failed, result.Status);
        Assert.Equal(ResolutionDiagnostics.RedirectRefused, Assert.Single(result.Diagnostics).Code);
        Assert.True(server.Connections > 0);
        Assert.Equal(0, elsewhere.Connections);
    }

    [Fact]
    public async Task ResolveAsync_FollowsRedirectOnSameHost()
    {
        var body = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{},\"layers\":[]}";
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        await using var server = new LoopbackServer(line => line.Contains("/manifests/1 ", StringComparison.Ordinal)
            ? LoopbackServer.Response(307, "Temporary Redirect", ["Location: /v2/app/manifests/real"])
            : LoopbackServer.Response(200, "OK", ["Content-Type: application/vnd.oci.image.manifest.v1+json", $"Docker-Content-Digest: {digest}"], line.StartsWith("GET", StringComparison.Ordinal) ? body : string.Empty));
        using var host = new ResolverHost(ResolverHost.ForLoopback($"127.0.0.1:{server.Port}"));

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.True(result.Exists);
        Assert.Equal(digest, result.Digest);
    }

    [Fact]
    public async Task ResolveAsync_TimesOut_WhenRegistryNeverAnswers()
    {
        await using var server = new LoopbackServer(_ => null);
        using var host = new ResolverHost(ResolverHost.ForLoopback($"127.0.0.1:{server.Port}", timeoutSeconds: 1));
        var watch = Stopwatch.StartNew();

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.Equal(ResolutionStatus.Failed, result.Status);
        Assert.Equal(ResolutionDiagnostics.Timeout, Assert.Single(result.Diagnostics).Code);
        Assert.True(server.Connections > 0);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ResolveAsync_ReportsTooLarge_WhenContentLengthExceedsCap()
    {
        await using var server = new LoopbackServer(_ =>
            "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nContent-Length: 50000000\r\n\r\n");
        using var host = new ResolverHost(ResolverHost.ForLoopback($"127.0.0.1:{server.Port}"));

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.Equal(ResolutionDiagnostics.ResponseTooLarge, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public async Task ResolveAsync_ReportsTooLarge_WhenChunkedBodyExceedsCap()
    {
        var chunk = new string('x', 4096);
        await using var server = new LoopbackServer(line => line.StartsWith("HEAD", StringComparison.Ordinal)
            ? LoopbackServer.Response(405, "Method Not Allowed", [])
            : $"HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\nTransfer-Encoding: chunked\r\n\r\n{chunk.Length:x}\r\n{chunk}\r\n0\r\n\r\n");
        var settings = ResolverHost.ForLoopback($"127.0.0.1:{server.Port}");
        settings["Resolution:MaxManifestBytes"] = "1024";
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.Equal(ResolutionDiagnostics.ResponseTooLarge, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public async Task ResolveAsync_UsesHttps_WhenRegistryNotInsecure()
    {
        // The listener speaks plain HTTP, so the TLS handshake never completes; what it received shows HTTPS was used.
        await using var server = Answering();
        var settings = ResolverHost.ForLoopback($"127.0.0.1:{server.Port}", timeoutSeconds: 1);
        settings.Remove("Resolution:InsecureRegistries:0");
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"127.0.0.1:{server.Port}/app:1");

        Assert.Equal(ResolutionStatus.Failed, result.Status);
        Assert.False(result.Exists);
        Assert.Equal(0x16, server.FirstByte); // TLS handshake record, not an HTTP request line
    }
}
