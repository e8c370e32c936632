using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Resolution;

namespace ImageRefApi.Core.Tests.Resolution;

/// <summary>The resolver against a real docker-registry process with images pushed through its HTTP API.</summary>
[Collection(RegistryCollectionDefinition.Name)]
public sealed class RegistryResolverTests(RegistryFixture fixture)
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string Zero = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    [RegistryFact]
    public async Task ResolveAsync_ReturnsRealDigestAndPin_ForExistingTag()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));
        var before = DateTimeOffset.UtcNow;

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app:1.0");

        Assert.Equal(ResolutionStatus.Resolved, result.Status);
        Assert.True(result.Exists);
        Assert.Equal(images.DigestA, result.Digest);
        Assert.Equal(OciManifest, result.MediaType);
        Assert.Null(result.Platforms);
        Assert.Equal($"{images.Registry.Host}/team/app:1.0@{images.DigestA}", result.Pinned);
        Assert.InRange(result.CheckedAt!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var pin = Assert.Single(result.Diagnostics);
        Assert.Equal(ResolutionDiagnostics.PinDigest, pin.Code);
        Assert.Equal(Severity.Info, pin.Severity);
        Assert.Equal(result.Pinned, Assert.Single(pin.Suggestions).Reference);
    }

    [RegistryFact]
    public async Task ResolveAsync_ListsPlatforms_ForIndex()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/multi:2.0", "linux/arm64");

        Assert.True(result.Exists);
        Assert.Equal(images.IndexDigest, result.Digest);
        Assert.Equal("application/vnd.oci.image.index.v1+json", result.MediaType);
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], result.Platforms);
        Assert.Equal(images.ArmDigest, result.PlatformDigest);
        Assert.Equal($"{images.Registry.Host}/team/multi:2.0@{images.IndexDigest}", result.Pinned);
    }

    [RegistryFact]
    public async Task ResolveAsync_WarnsPlatformNotFound_WhenIndexLacksIt()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/multi:2.0", "windows/amd64");

        Assert.True(result.Exists);
        Assert.Null(result.PlatformDigest);
        var d = Assert.Single(result.Diagnostics, d => d.Code == ResolutionDiagnostics.PlatformNotFound);
        Assert.Equal(Severity.Warning, d.Severity);
    }

    [RegistryFact]
    public async Task ResolveAsync_ReportsTagNotFoundWithNearbyTags_WhenTagMissing()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app:1.25.3");

        Assert.Equal(ResolutionStatus.NotFound, result.Status);
        Assert.False(result.Exists);
        Assert.Null(result.Digest);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(ResolutionDiagnostics.TagNotFound, d.Code);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal($"{images.Registry.Host}/team/app:v1.25.3", d.Suggestions[0].Reference);
        Assert.Contains(d.Suggestions, s => s.Reference.EndsWith(":1.24.0", StringComparison.Ordinal));
        Assert.DoesNotContain(d.Suggestions, s => s.Reference.EndsWith(":unrelated-name", StringComparison.Ordinal));
        Assert.All(d.Suggestions, s => Assert.True(ImageReference.IsValid(s.Reference)));
        Assert.Single(ResolutionDiagnostics.ExistenceProblems(result));
    }

    [RegistryFact]
    public async Task ResolveAsync_ReportsDigestNotFoundWithRealPin_WhenDigestMissing()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app:1.0@{Zero}");

        Assert.False(result.Exists);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(ResolutionDiagnostics.DigestNotFound, d.Code);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal($"{images.Registry.Host}/team/app:1.0@{images.DigestA}", Assert.Single(d.Suggestions).Reference);
        Assert.Equal($"{images.Registry.Host}/team/app:1.0@{images.DigestA}", result.Pinned);
        Assert.Single(ResolutionDiagnostics.DigestProblems(result));
        Assert.Single(ResolutionDiagnostics.ExistenceProblems(result));
    }

    [RegistryFact]
    public async Task ResolveAsync_WarnsTagMoved_WhenTagPointsElsewhere()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app:moving@{images.DigestA}");

        Assert.True(result.Exists);
        Assert.Equal(images.DigestA, result.Digest);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(ResolutionDiagnostics.TagMoved, d.Code);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains(images.DigestB, d.Message, StringComparison.Ordinal);
        Assert.Equal($"{images.Registry.Host}/team/app:moving@{images.DigestB}", Assert.Single(d.Suggestions).Reference);
        Assert.Single(ResolutionDiagnostics.DigestProblems(result));
        Assert.Empty(ResolutionDiagnostics.ExistenceProblems(result));
    }

    [RegistryFact]
    public async Task ResolveAsync_ReportsNothing_WhenTagAndDigestAgree()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app:1.0@{images.DigestA}");

        Assert.True(result.Exists);
        Assert.Empty(result.Diagnostics);
        Assert.Equal($"{images.Registry.Host}/team/app:1.0@{images.DigestA}", result.Pinned);
    }

    [RegistryFact]
    public async Task ResolveAsync_WarnsTagNotFound_WhenDigestExistsButTagDoesNot()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app:gone@{images.DigestB}");

        Assert.True(result.Exists);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(ResolutionDiagnostics.TagNotFound, d.Code);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Empty(ResolutionDiagnostics.ExistenceProblems(result));
    }

    [RegistryFact]
    public async Task ResolveAsync_ResolvesDigestOnlyReference()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app@{images.DigestB}");

        Assert.True(result.Exists);
        Assert.Equal(OciManifest, result.MediaType);
        Assert.Equal($"{images.Registry.Host}/team/app@{images.DigestB}", result.Pinned);
        Assert.Empty(result.Diagnostics);
    }

    [RegistryFact]
    public async Task ResolveAsync_ReportsDigestNotFound_ForUnknownDigestOnly()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/app@{Zero}");

        Assert.Equal(ResolutionStatus.NotFound, result.Status);
        Assert.Equal(ResolutionDiagnostics.DigestNotFound, Assert.Single(result.Diagnostics).Code);
    }

    [RegistryFact]
    public async Task ResolveAsync_ReportsRepositoryNotFound_ForUnknownRepository()
    {
        var images = fixture.Open;
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));

        var result = await host.ResolveAsync($"{images.Registry.Host}/nobody/here:1.0");

        Assert.Equal(ResolutionStatus.NotFound, result.Status);
        Assert.Equal(ResolutionDiagnostics.RepositoryNotFound, Assert.Single(result.Diagnostics).Code);
        Assert.Single(ResolutionDiagnostics.ExistenceProblems(result));
    }

    [RegistryFact]
    public async Task ResolveAsync_ServesTagFromCache_UntilTagTtlEnds()
    {
        var images = fixture.Open;
        var first = images.Registry.PushImage("team/cached", "live", "first");
        using var host = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));
        var reference = $"{images.Registry.Host}/team/cached:live";
        var a = await host.ResolveAsync(reference);

        var second = images.Registry.PushImage("team/cached", "live", "second");
        var b = await host.ResolveAsync(reference);
        using var fresh = new ResolverHost(ResolverHost.ForLoopback(images.Registry.Host));
        var c = await fresh.ResolveAsync(reference);

        Assert.Equal(first, a.Digest);
        Assert.Equal(first, b.Digest);
        Assert.Equal(a.CheckedAt, b.CheckedAt);
        Assert.Equal(second, c.Digest);
    }

    [RegistryFact]
    public async Task ResolveAsync_SkipsCache_WhenTagCacheSecondsIsZero()
    {
        var images = fixture.Open;
        images.Registry.PushImage("team/uncached", "live", "first");
        var settings = ResolverHost.ForLoopback(images.Registry.Host);
        settings["Resolution:TagCacheSeconds"] = "0";
        using var host = new ResolverHost(settings);
        var reference = $"{images.Registry.Host}/team/uncached:live";
        await host.ResolveAsync(reference);

        var second = images.Registry.PushImage("team/uncached", "live", "second");

        Assert.Equal(second, (await host.ResolveAsync(reference)).Digest);
    }

    [RegistryFact]
    public async Task ResolveAsync_ReportsTooLarge_WhenManifestExceedsCap()
    {
        var images = fixture.Open;
        var settings = ResolverHost.ForLoopback(images.Registry.Host);
        settings["Resolution:MaxManifestBytes"] = "1024";
        var padded = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],\"annotations\":{\"pad\":\"" + new string('x', 4000) + "\"}}";
        images.Registry.PushManifest("team/big", "1", "application/vnd.oci.image.index.v1+json", System.Text.Encoding.UTF8.GetBytes(padded));
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"{images.Registry.Host}/team/big:1");

        Assert.Equal(ResolutionStatus.Failed, result.Status);
        Assert.Equal(ResolutionDiagnostics.ResponseTooLarge, Assert.Single(result.Diagnostics).Code);
    }

    [RegistryFact(Htpasswd = true)]
    public async Task ResolveAsync_UsesConfiguredBasicCredentials()
    {
        var (registry, digest) = fixture.Secured;
        var settings = ResolverHost.ForLoopback(registry.Host);
        settings["Resolution:Credentials:0:Registry"] = registry.Host;
        settings["Resolution:Credentials:0:Username"] = RegistryFixture.User;
        settings["Resolution:Credentials:0:Password"] = RegistryFixture.Password;
        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"{registry.Host}/private/app:1.0");

        Assert.True(result.Exists);
        Assert.Equal(digest, result.Digest);
    }

    [RegistryTheory(Htpasswd = true)]
    [InlineData(null)]
    [InlineData("wrong-password")]
    public async Task ResolveAsync_ReportsAuthFailed_WithoutValidCredentials(string? password)
    {
        var (registry, _) = fixture.Secured;
        var settings = ResolverHost.ForLoopback(registry.Host);
        if (password is not null)
        {
            settings["Resolution:Credentials:0:Registry"] = registry.Host;
            settings["Resolution:Credentials:0:Username"] = RegistryFixture.User;
            settings["Resolution:Credentials:0:Password"] = password;
        }

        using var host = new ResolverHost(settings);

        var result = await host.ResolveAsync($"{registry.Host}/private/app:1.0");

        Assert.Equal(ResolutionStatus.Failed, result.Status);
        Assert.False(result.Exists);
        Assert.Equal(ResolutionDiagnostics.AuthenticationFailed, Assert.Single(result.Diagnostics).Code);
    }
}
