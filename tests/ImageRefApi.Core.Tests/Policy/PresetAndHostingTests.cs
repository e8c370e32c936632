using ImageRefApi.Core.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Tests.Policy;

public sealed class PresetAndHostingTests
{
    private const string Digest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";
    private readonly PolicyHarness harness = new();

    /// <summary>Preset, reference, expected "code:severity" list, compliant.</summary>
    public static TheoryData<string, string, string, bool> Cases { get; } = new()
    {
        { "default", "nginx", "POLICY_IMPLICIT_LATEST:Warning,POLICY_DIGEST_MISSING:Info", true },
        { "default", "nginx:latest", "POLICY_LATEST_TAG:Warning,POLICY_DIGEST_MISSING:Info", true },
        { "default", "python:3.11-slim", "POLICY_FLOATING_VERSION:Warning,POLICY_DIGEST_MISSING:Info", true },
        { "default", "node:lts-alpine", "POLICY_CHANNEL_TAG:Warning,POLICY_DIGEST_MISSING:Info", true },
        { "default", "nginx:1.25.3-alpine", "POLICY_DIGEST_MISSING:Info", true },
        { "default", "acme/app:feature-x", "POLICY_UNVERSIONED_TAG:Info,POLICY_DIGEST_MISSING:Info", true },
        { "default", "nginx:1.25.3@" + Digest, "", true },
        { "default", "golang:1.22rc1", "POLICY_FLOATING_VERSION:Warning,POLICY_DIGEST_MISSING:Info", true },
        { "strict", "nginx", "POLICY_SHORT_NAME:Warning,POLICY_IMPLICIT_LATEST:Error,POLICY_DIGEST_MISSING:Warning", false },
        { "strict", "docker.io/library/nginx:latest", "POLICY_LATEST_TAG:Error,POLICY_DIGEST_MISSING:Warning", false },
        { "strict", "docker.io/library/python:3.11", "POLICY_FLOATING_VERSION:Error,POLICY_DIGEST_MISSING:Warning", false },
        { "strict", "docker.io/library/debian:bookworm", "POLICY_CHANNEL_TAG:Error,POLICY_DIGEST_MISSING:Warning", false },
        { "strict", "ghcr.io/acme/app:1.0.0-rc.1", "POLICY_PRERELEASE_TAG:Error,POLICY_DIGEST_MISSING:Warning", false },
        { "strict", "ghcr.io/acme/app:feature-x", "POLICY_UNVERSIONED_TAG:Error,POLICY_DIGEST_MISSING:Warning", false },
        { "strict", "docker.io/library/nginx:1.25.3", "POLICY_DIGEST_MISSING:Warning", true },
        { "strict", "ghcr.io/acme/app:sha-3f2a1bc", "POLICY_DIGEST_MISSING:Warning", true },
        { "strict", "docker.io/library/nginx:stable@" + Digest, "", true },
        { "strict", "docker.io/library/nginx@" + Digest, "", true },
        { "strict", "nginx:1.25.3@" + Digest, "POLICY_SHORT_NAME:Warning", true },
        { "permissive", "nginx", "", true },
        { "permissive", "nginx:latest", "", true },
        { "permissive", "ghcr.io/acme/app:1.0.0-rc.1", "", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Preset_TypicalReference(string preset, string reference, string expected, bool compliant)
    {
        var result = harness.Evaluate(reference, preset);

        Assert.Equal(expected, string.Join(",", result.Diagnostics.Select(d => $"{d.Code}:{d.Severity}")));
        Assert.Equal(compliant, result.Compliant);
        Assert.Equal(preset, result.Name);
    }

    [Fact]
    public void ListPolicies_Presets_SortedWithDescriptions()
    {
        var list = harness.Service.ListPolicies();

        Assert.Equal(["default", "permissive", "strict"], list.Select(p => p.Name));
        Assert.All(list, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    [Fact]
    public void TryGetPolicy_UnknownName_False()
    {
        Assert.False(harness.Service.TryGetPolicy("production", out _));
        Assert.True(harness.Service.TryGetPolicy("STRICT", out _));
    }

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTagPolicies(builder.Configuration);
        return builder;
    }

    [Fact]
    public async Task AddTagPolicies_ConfiguredPolicy_OverridesPresetKeysAndAddsPolicies()
    {
        using var host = Builder(new()
        {
            ["TagPolicy:strict:failOn"] = "warning",
            ["TagPolicy:strict:allowedRegistries:0"] = "registry.example.com",
            ["TagPolicy:strict:allowedRegistries:1"] = "*.corp.example",
            ["TagPolicy:internal:description"] = "Internal images only",
            ["TagPolicy:internal:allowedRegistries:0"] = "registry.corp.example/platform/",
            ["TagPolicy:internal:requireDigest"] = "true",
            ["TagPolicy:internal:exemptions:0:match"] = "docker.io/library/busybox",
            ["TagPolicy:internal:exemptions:0:reason"] = "debug sidecar",
            ["TagPolicy:internal:exemptions:0:expires"] = "2026-12-31",
        }).Build();
        await host.StartAsync();
        var service = host.Services.GetRequiredService<ITagPolicyService>();

        Assert.True(service.TryGetPolicy("strict", out var strict));
        var rules = strict.GetRules();
        Assert.Equal("warning", rules.FailOn);
        Assert.True(rules.DisallowLatest);
        Assert.Equal(["registry.example.com", "*.corp.example"], rules.AllowedRegistries!);
        Assert.True(service.TryGetPolicy("internal", out var internalPolicy));
        Assert.Equal("Internal images only", internalPolicy.Description);
        Assert.Equal(["default", "internal", "permissive", "strict"], service.ListPolicies().Select(p => p.Name));
        var exemption = Assert.Single(internalPolicy.GetRules().Exemptions!);
        Assert.Equal("debug sidecar", exemption.Reason);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("TagPolicy:strict:allowedRegistries:0", "registry.example.com", "TagPolicy:strict:allowedRegistries:2", "*example.com", "TagPolicy:strict:allowedRegistries[2]")]
    [InlineData("TagPolicy:internal:exemptions:0:match", "ghcr.io/acme/", "TagPolicy:internal:exemptions:0:expires", "soon", "TagPolicy:internal:exemptions[0].reason")]
    [InlineData("TagPolicy:default:requireDigest", "true", "TagPolicy:default:requireTag", "yes", "TagPolicy:default:requireTag")]
    [InlineData("TagPolicy:default:failOn", "error", "TagPolicy:default:disallowLatests", "true", "TagPolicy:default:disallowLatests")]
    public async Task AddTagPolicies_BadConfiguredPolicy_HostRefusesToStartNamingTheKey(string key1, string value1, string key2, string value2, string named)
    {
        var settings = new Dictionary<string, string?> { [key1] = value1, [key2] = value2 };
        if (key2.StartsWith("TagPolicy:strict:allowedRegistries", StringComparison.Ordinal))
        {
            settings["TagPolicy:strict:allowedRegistries:1"] = "ghcr.io";
        }

        using var host = Builder(settings).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(error.Failures, f => f.StartsWith(named + ":", StringComparison.Ordinal));
    }
}
