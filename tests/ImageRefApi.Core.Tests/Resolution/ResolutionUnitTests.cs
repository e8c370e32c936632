using System.Net;
using ImageRefApi.Core.Resolution;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Tests.Resolution;

public sealed class AddressPolicyTests
{
    public static TheoryData<string, bool, bool> Cases => new()
    {
        // address, allowed without private networks, allowed with private networks
        { "8.8.8.8", true, true },
        { "2606:4700:4700::1111", true, true },
        { "127.0.0.1", false, true },
        { "127.255.0.9", false, true },
        { "10.1.2.3", false, true },
        { "172.16.0.1", false, true },
        { "172.31.255.255", false, true },
        { "172.32.0.1", true, true },
        { "192.168.1.1", false, true },
        { "169.254.10.10", false, true },
        { "100.64.0.1", false, true },
        { "0.0.0.0", false, false },
        { "255.255.255.255", false, false },
        { "224.0.0.1", false, false },
        { "169.254.169.254", false, false },
        { "169.254.170.2", false, false },
        { "::1", false, true },
        { "::", false, false },
        { "fc00::1", false, true },
        { "fd12:3456::1", false, true },
        { "fe80::1", false, true },
        { "ff02::1", false, false },
        { "::ffff:127.0.0.1", false, true },
        { "::ffff:10.0.0.1", false, true },
        { "::ffff:169.254.169.254", false, false },
        { "::ffff:8.8.8.8", true, true },
        { "::127.0.0.1", false, true },
        { "64:ff9b::a9fe:a9fe", false, false },
        { "64:ff9b::c0a8:0101", false, true },
        { "2002:c0a8:0101::1", false, true },
        { "fd00:ec2::254", false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsAllowed_ClassifiesAddress_WithAndWithoutPrivateNetworks(string address, bool publicOnly, bool withPrivate)
    {
        var ip = IPAddress.Parse(address);
        Assert.Equal(publicOnly, AddressPolicy.IsAllowed(ip, allowPrivateNetworks: false));
        Assert.Equal(withPrivate, AddressPolicy.IsAllowed(ip, allowPrivateNetworks: true));
    }

    [Fact]
    public async Task ConnectAsync_RefusesLocalhostName_BeforeAnyConnection()
    {
        var e = await Assert.ThrowsAsync<AddressRefusedException>(
            () => GuardedConnector.ConnectAsync(new DnsEndPoint("localhost", 1), allowPrivateNetworks: false, CancellationToken.None).AsTask());
        Assert.Equal("localhost", e.Host);
    }
}

public sealed class RegistryPatternTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "ghcr.io", "ghcr.io", true },
        { "ghcr.io", "GHCR.io", true },
        { "ghcr.io", "ghcr.io:443", false },
        { "ghcr.io", "evilghcr.io", false },
        { "localhost:5000", "localhost:5000", true },
        { "localhost:5000", "localhost:5001", false },
        { "localhost:5000", "localhost", false },
        { "*.example.com", "a.example.com", true },
        { "*.example.com", "a.b.example.com", true },
        { "*.example.com", "example.com", false },
        { "*.example.com", "badexample.com", false },
        { "*.example.com", "a.example.com.evil.net", false },
        { "*.example.com", "a.example.com:5000", false },
        { "*.example.com:5000", "a.example.com:5000", true },
        { "[::1]:5000", "[::1]:5000", true },
        { "docker.io", "docker.io", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_FollowsHostPortAndLabelBoundaries(string pattern, string registry, bool expected)
    {
        Assert.True(RegistryPattern.TryParse(pattern, out var p));
        Assert.Equal(expected, p.Matches(registry));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("http://ghcr.io")]
    [InlineData("ghcr.io/path")]
    [InlineData("ghcr.io:99999")]
    [InlineData("*")]
    [InlineData("*.")]
    public void TryParse_RejectsMalformedPattern(string pattern) => Assert.False(RegistryPattern.TryParse(pattern, out _));
}

public sealed class WwwAuthenticateTests
{
    [Fact]
    public void ParseParameters_ReadsQuotedValuesWithCommas()
    {
        var p = WwwAuthenticate.ParseParameters("realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull,push\"");
        Assert.Equal("https://auth.docker.io/token", p["realm"]);
        Assert.Equal("registry.docker.io", p["service"]);
        Assert.Equal("repository:library/nginx:pull,push", p["scope"]);
    }

    [Fact]
    public void ParseParameters_ReadsTokensAndEscapes()
    {
        var p = WwwAuthenticate.ParseParameters(" realm=basic , error=\"a\\\"b\"");
        Assert.Equal("basic", p["realm"]);
        Assert.Equal("a\"b", p["error"]);
    }
}

public sealed class NearbyTagsTests
{
    [Fact]
    public void Find_RanksVPrefixFirst_ThenEdits()
    {
        var found = NearbyTags.Find("1.25.3", ["latest", "1.25.4", "v1.25.3", "1.24.0", "alpine", "1.25.3-alpine"]);
        Assert.Equal("v1.25.3", found[0]);
        Assert.Contains("1.25.4", found);
        Assert.DoesNotContain("alpine", found);
        Assert.DoesNotContain("latest", found);
    }

    [Fact]
    public void Find_ReturnsAtMostTen()
    {
        var tags = Enumerable.Range(0, 50).Select(i => $"1.0.{i}").ToArray();
        Assert.Equal(NearbyTags.MaxSuggestions, NearbyTags.Find("1.0.x", tags).Count);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void Levenshtein_ComputesEditDistance(string a, string b, int expected) => Assert.Equal(expected, NearbyTags.Levenshtein(a, b, 10));
}

public sealed class ResolutionOptionsValidatorTests
{
    public static TheoryData<Dictionary<string, string?>, string> Invalid => new()
    {
        { new() { ["Resolution:Enabled"] = "true" }, "AllowedRegistries is empty" },
        { new() { ["Resolution:TimeoutSeconds"] = "0" }, "TimeoutSeconds" },
        { new() { ["Resolution:AllowedRegistries:0"] = "https://ghcr.io" }, "AllowedRegistries:0" },
        { new() { ["Resolution:Credentials:0:Registry"] = "ghcr.io", ["Resolution:Credentials:0:Username"] = "u" }, "Credentials:0" },
        { new() { ["Resolution:MaxManifestBytes"] = "10" }, "MaxManifestBytes" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AddRegistryResolution_FailsValidation_OnBadSettings(Dictionary<string, string?> settings, string expected)
    {
        var e = Assert.Throws<OptionsValidationException>(() => new ResolverHost(settings));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRegistryResolution_BindsEveryKey()
    {
        using var host = new ResolverHost(new Dictionary<string, string?>
        {
            ["Resolution:Enabled"] = "true",
            ["Resolution:AllowedRegistries:0"] = "ghcr.io",
            ["Resolution:AllowedRegistries:1"] = "*.corp.example",
            ["Resolution:InsecureRegistries:0"] = "localhost:5000",
            ["Resolution:AllowPrivateNetworks"] = "true",
            ["Resolution:TimeoutSeconds"] = "7",
            ["Resolution:Credentials:0:Registry"] = "ghcr.io",
            ["Resolution:Credentials:0:Username"] = "bot",
            ["Resolution:Credentials:0:Password"] = "pw",
        });
        var o = host.Services.GetService(typeof(IOptions<ResolutionOptions>)) is IOptions<ResolutionOptions> opts ? opts.Value : null;
        Assert.NotNull(o);
        Assert.True(o.Enabled);
        Assert.Equal(["ghcr.io", "*.corp.example"], o.AllowedRegistries);
        Assert.Equal(["localhost:5000"], o.InsecureRegistries);
        Assert.True(o.AllowPrivateNetworks);
        Assert.Equal(7, o.TimeoutSeconds);
        Assert.Equal("bot", Assert.Single(o.Credentials).Username);
    }

    [Fact]
    public void Descriptors_CoverEveryCodeOnce()
    {
        var codes = typeof(ResolutionDiagnostics).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
        Assert.Equal(codes.OrderBy(c => c), ResolutionDiagnostics.Descriptors.Select(d => d.Code).OrderBy(c => c));
    }
}
