using System.Text.Json;
using ImageRefApi.Core.Policy;

namespace ImageRefApi.Core.Tests.Policy;

public sealed class PolicyValidationTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly PolicyHarness harness = new();

    /// <summary>Inline policy JSON, the key the error must name, a fragment of its message.</summary>
    public static TheoryData<string, string, string> Cases { get; } = new()
    {
        { """{"allowedRegistries": ["ghcr.io", "quay.io", "*example.com"]}""", "allowedRegistries[2]", "*.example.com" },
        { """{"allowedRegistries": ["ex*ample.com"]}""", "allowedRegistries[0]", "wildcard" },
        { """{"allowedRegistries": ["ghcr.io/*/app"]}""", "allowedRegistries[0]", "wildcard" },
        { """{"deniedRegistries": ["myregistry"]}""", "deniedRegistries[0]", "docker.io/myregistry/" },
        { """{"deniedRegistries": ["https://ghcr.io"]}""", "deniedRegistries[0]", "write the registry alone, e.g. ghcr.io" },
        { """{"deniedRegistries": [""]}""", "deniedRegistries[0]", "is empty" },
        { """{"deniedRegistries": [" ghcr.io"]}""", "deniedRegistries[0]", "white space" },
        { """{"allowedRegistries": ["ghcr.io/Acme/"]}""", "allowedRegistries[0]", "invalid repository path" },
        { """{"allowedRegistries": ["ghcr.io/acme:1.0"]}""", "allowedRegistries[0]", "tag or digest" },
        { """{"allowedTags": ["(unclosed"]}""", "allowedTags[0]", "not a valid .NET regular expression" },
        { """{"deniedTags": [""]}""", "deniedTags[0]", "is empty" },
        { """{"minPrecision": "build"}""", "minPrecision", "expected major, minor or patch" },
        { """{"failOn": "fatal"}""", "failOn", "expected error, warning, info or none" },
        { """{"severity": {"POLICY_LATEST": "warning"}}""", "severity.POLICY_LATEST", "not a policy diagnostic code" },
        { """{"severity": {"POLICY_LATEST_TAG": "loud"}}""", "severity.POLICY_LATEST_TAG", "expected error, warning, info or none" },
        { """{"exemptions": [{"match": "docker.io/library/nginx"}]}""", "exemptions[0].reason", "needs a reason" },
        { """{"exemptions": [{"match": "nginx", "reason": "x"}]}""", "exemptions[0].match", "docker.io/library/nginx" },
        { """{"exemptions": [{"match": "ghcr.io", "reason": "x", "expires": "next week"}]}""", "exemptions[0].expires", "ISO 8601" },
        { """{"disalowLatest": true}""", "disalowLatest", "not a policy key" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryCreatePolicy_InvalidInlinePolicy_ErrorNamesTheKey(string policyJson, string key, string fragment)
    {
        var rules = JsonSerializer.Deserialize<TagPolicyRules>(policyJson, Json)!;

        var created = harness.Service.TryCreatePolicy(rules, out var policy, out var errors);

        Assert.False(created);
        Assert.Null(policy);
        var messages = Assert.Contains(key, errors!);
        Assert.Contains(messages, m => m.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void TryCreatePolicy_TooManyEntries_Refused()
    {
        var rules = new TagPolicyRules { DeniedTags = Enumerable.Range(0, TagPolicyRulesValidator.MaxEntries + 1).Select(i => $"t{i}").ToList() };

        Assert.False(harness.Service.TryCreatePolicy(rules, out _, out var errors));
        Assert.Contains("deniedTags", errors!.Keys);
    }

    [Fact]
    public void TryCreatePolicy_ValidPolicy_EffectiveRulesFilledIn()
    {
        var rules = JsonSerializer.Deserialize<TagPolicyRules>("""{"disallowLatest": true, "failOn": "Warning"}""", Json)!;

        Assert.True(harness.Service.TryCreatePolicy(rules, out var policy, out _));
        var effective = policy.GetRules();
        Assert.Equal(PolicySeverity.Warning, policy.FailOn);
        Assert.Equal("warning", effective.FailOn);
        Assert.True(effective.DisallowLatest);
        Assert.False(effective.RequireDigest);
        Assert.True(effective.AllowPrerelease);
        Assert.Empty(effective.AllowedRegistries!);
    }

    [Fact]
    public void Descriptors_CodesUniqueAndExamplesValidReferences()
    {
        var codes = PolicyDiagnostics.Descriptors.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(PolicyDiagnostics.Descriptors, d => Assert.True(Core.Parsing.ImageReference.IsValid(d.Example), d.Example));
        Assert.All(codes, c => Assert.Matches("^POLICY_[A-Z_]+$", c));
    }
}
