using System.Text.Json;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;

namespace ImageRefApi.Core.Tests.Policy;

public sealed class PolicyRuleTests
{
    private const string Digest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly PolicyHarness harness = new();

    /// <summary>Inline policy JSON, reference, expected codes in order (comma-separated, empty for none).</summary>
    public static TheoryData<string, string, string> Cases { get; } = new()
    {
        // requireTag
        { """{"requireTag": true}""", "nginx", PolicyDiagnostics.TagRequired },
        { """{"requireTag": true}""", "nginx@" + Digest, PolicyDiagnostics.TagRequired },
        { """{"requireTag": true}""", "nginx:1.25.3@" + Digest, "" },
        { """{"requireTag": true, "disallowLatest": true}""", "nginx", PolicyDiagnostics.TagRequired },
        // disallowLatest
        { """{"disallowLatest": true}""", "nginx", PolicyDiagnostics.ImplicitLatest },
        { """{"disallowLatest": true}""", "nginx:latest", PolicyDiagnostics.LatestTag },
        { """{"disallowLatest": true}""", "nginx:Latest", PolicyDiagnostics.LatestTag },
        { """{"disallowLatest": true}""", "nginx:latest-alpine", PolicyDiagnostics.LatestTag },
        { """{"disallowLatest": true}""", "nginx:latest@" + Digest, "" },
        { """{"disallowLatest": true}""", "nginx:1.25.3", "" },
        { """{"disallowLatest": false}""", "nginx:latest", "" },
        // disallowChannels
        { """{"disallowChannels": true}""", "node:lts-alpine", PolicyDiagnostics.ChannelTag },
        { """{"disallowChannels": true}""", "debian:bookworm", PolicyDiagnostics.ChannelTag },
        { """{"disallowChannels": true}""", "debian:bookworm@" + Digest, "" },
        { """{"disallowChannels": true}""", "ubuntu:jammy-20240125", "" },
        { """{"disallowChannels": true}""", "node:20.11.0", "" },
        // minPrecision
        { """{"minPrecision": "patch"}""", "python:3.11", PolicyDiagnostics.FloatingVersion },
        { """{"minPrecision": "patch"}""", "node:20-alpine", PolicyDiagnostics.FloatingVersion },
        { """{"minPrecision": "patch"}""", "python:3.11.7-slim", "" },
        { """{"minPrecision": "minor"}""", "python:3.11", "" },
        { """{"minPrecision": "minor"}""", "python:3", PolicyDiagnostics.FloatingVersion },
        { """{"minPrecision": "major"}""", "python:3", "" },
        { """{"minPrecision": "patch"}""", "python:3.11@" + Digest, "" },
        { """{"minPrecision": "patch"}""", "golang:1.22rc1", PolicyDiagnostics.FloatingVersion },
        { """{"minPrecision": "patch"}""", "acme/app:feature-login", PolicyDiagnostics.UnversionedTag },
        { """{"minPrecision": "patch"}""", "ghcr.io/acme/app:sha-3f2a1bc", "" },
        { """{"minPrecision": "patch"}""", "ghcr.io/acme/app:20260114", "" },
        { """{"minPrecision": "patch"}""", "ghcr.io/acme/app:4711", "" },
        // allowPrerelease
        { """{"allowPrerelease": false}""", "golang:1.22rc1", PolicyDiagnostics.PrereleaseTag },
        { """{"allowPrerelease": false}""", "acme/app:1.0.0-rc.1@" + Digest, PolicyDiagnostics.PrereleaseTag },
        { """{"allowPrerelease": false}""", "alpine:edge", PolicyDiagnostics.PrereleaseTag },
        { """{"allowPrerelease": false, "disallowChannels": true}""", "alpine:edge", PolicyDiagnostics.ChannelTag },
        { """{"allowPrerelease": false}""", "alpine:3.19.1", "" },
        { """{"allowPrerelease": true}""", "golang:1.22rc1", "" },
        // requireDigest
        { """{"requireDigest": true}""", "nginx:1.25.3", PolicyDiagnostics.DigestMissing },
        { """{"requireDigest": true}""", "nginx", PolicyDiagnostics.DigestMissing },
        { """{"requireDigest": true}""", "nginx@" + Digest, "" },
        { """{"requireDigest": true}""", "nginx:1.25.3@" + Digest, "" },
        // allowedTags / deniedTags: anchored on the whole tag
        { """{"allowedTags": ["v?\\d+\\.\\d+\\.\\d+"]}""", "acme/app:1.2.3", "" },
        { """{"allowedTags": ["v?\\d+\\.\\d+\\.\\d+"]}""", "acme/app:1.2.3-debug", PolicyDiagnostics.TagNotAllowed },
        { """{"allowedTags": ["\\d+\\.\\d+"]}""", "acme/app:x1.2", PolicyDiagnostics.TagNotAllowed },
        { """{"allowedTags": ["1\\.2|3\\.4"]}""", "acme/app:1.2.5", PolicyDiagnostics.TagNotAllowed },
        { """{"allowedTags": ["1\\.2|3\\.4"]}""", "acme/app:3.4", "" },
        { """{"allowedTags": ["\\d+\\.\\d+\\.\\d+"]}""", "acme/app", PolicyDiagnostics.TagNotAllowed },
        { """{"allowedTags": ["\\d+\\.\\d+\\.\\d+"]}""", "acme/app@" + Digest, "" },
        { """{"deniedTags": [".*-debug"]}""", "acme/app:1.2.3-debug", PolicyDiagnostics.TagDenied },
        { """{"deniedTags": ["debug"]}""", "acme/app:1.2.3-debug", "" },
        { """{"deniedTags": ["latest"]}""", "acme/app", PolicyDiagnostics.TagDenied },
        { """{"deniedTags": [".*-debug"], "allowedTags": [".*"]}""", "acme/app:1.2.3-debug", PolicyDiagnostics.TagDenied },
        // severity: per-code override, none turns a code off
        { """{"disallowLatest": true, "severity": {"POLICY_LATEST_TAG": "none"}}""", "nginx:latest", "" },
        { """{"severity": {"POLICY_SHORT_NAME": "warning"}}""", "nginx:1.25.3", PolicyDiagnostics.ShortName },
        { """{"severity": {"POLICY_SHORT_NAME": "warning"}}""", "docker.io/library/nginx:1.25.3", "" },
        { """{}""", "nginx:1.25.3", "" },
        // several rules at once, in a stable order: registry, then tag, then digest
        {
            """{"allowedRegistries": ["registry.example.com"], "disallowLatest": true, "requireDigest": true}""",
            "ghcr.io/acme/app:latest",
            $"{PolicyDiagnostics.RegistryNotAllowed},{PolicyDiagnostics.LatestTag},{PolicyDiagnostics.DigestMissing}"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_InlineRule_ReportsExpectedCodes(string policyJson, string reference, string codes)
    {
        var rules = JsonSerializer.Deserialize<TagPolicyRules>(policyJson, Json)!;

        var result = harness.Evaluate(reference, rules);

        Assert.Equal(codes, PolicyHarness.Codes(result));
        Assert.Equal(codes.Length == 0 || rules.Severity?.Count > 0, result.Compliant);
        Assert.Equal(TagPolicyService.InlinePolicyName, result.Name);
    }

    [Theory]
    [InlineData("error", "error", false)]
    [InlineData("warning", "error", true)]
    [InlineData("warning", "warning", false)]
    [InlineData("info", "warning", true)]
    [InlineData("info", "info", false)]
    [InlineData("error", "none", true)]
    public void Evaluate_FailOn_DecidesCompliance(string severity, string failOn, bool compliant)
    {
        var rules = new TagPolicyRules
        {
            DisallowLatest = true,
            Severity = new Dictionary<string, string> { [PolicyDiagnostics.LatestTag] = severity },
            FailOn = failOn,
        };

        var result = harness.Evaluate("nginx:latest", rules);

        Assert.Equal(compliant, result.Compliant);
        Assert.Equal(Enum.Parse<PolicySeverity>(failOn, ignoreCase: true), result.FailOn);
        Assert.Equal(Enum.Parse<Severity>(severity, ignoreCase: true), Assert.Single(result.Diagnostics).Severity);
    }

    [Fact]
    public void Evaluate_InvalidReference_NotCompliantAndNoPolicyDiagnostics()
    {
        var result = harness.Evaluate("Nginx:1", TagPolicyPresets.Permissive);

        Assert.False(result.Compliant);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Evaluate_LatestTag_MessageSaysTagsAreMutableAndPointsAtTag()
    {
        var diagnostic = Assert.Single(harness.Evaluate("nginx:latest", new TagPolicyRules { DisallowLatest = true }).Diagnostics);

        Assert.Contains("tag 'latest' is not allowed", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("only a digest pins the image", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(new TextSpan(6, 6), diagnostic.Span);
        Assert.Empty(diagnostic.Suggestions);
    }

    [Fact]
    public void Evaluate_ImplicitLatest_SpanIsEmptyWhereTheTagWouldGo()
    {
        var diagnostic = Assert.Single(harness.Evaluate("ghcr.io/acme/app", new TagPolicyRules { DisallowLatest = true }).Diagnostics);

        Assert.Equal(new TextSpan(16, 0), diagnostic.Span);
    }

    [Fact]
    public void Evaluate_FloatingVersion_MessageSaysExpectedAndFound()
    {
        var diagnostic = Assert.Single(harness.Evaluate("python:3.11-slim", new TagPolicyRules { MinPrecision = "patch" }).Diagnostics);

        Assert.StartsWith("tag '3.11-slim' is a minor version", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("expected at least patch precision (such as 3.11.7)", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(new TextSpan(7, 9), diagnostic.Span);
    }

    [Fact]
    public void Evaluate_DigestMissing_TemplateInMessageAndNoInventedDigest()
    {
        var diagnostic = Assert.Single(harness.Evaluate("nginx:1.25.3", new TagPolicyRules { RequireDigest = true }).Diagnostics);

        Assert.Contains("docker.io/library/nginx:1.25.3@sha256:<digest>", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("resolved from the registry", diagnostic.Message, StringComparison.Ordinal);
        Assert.Empty(diagnostic.Suggestions);
        Assert.Equal(new TextSpan(12, 0), diagnostic.Span);
    }

    [Theory]
    [InlineData("nginx", "docker.io/library/nginx")]
    [InlineData("nginx:1.25", "docker.io/library/nginx:1.25")]
    [InlineData("acme/app:1.0.0", "docker.io/acme/app:1.0.0")]
    [InlineData("nginx:1.25@" + Digest, "docker.io/library/nginx:1.25@" + Digest)]
    public void Evaluate_ShortName_SuggestsFullyQualifiedValidReference(string reference, string qualified)
    {
        var rules = new TagPolicyRules { Severity = new Dictionary<string, string> { [PolicyDiagnostics.ShortName] = "warning" } };

        var diagnostic = Assert.Single(harness.Evaluate(reference, rules).Diagnostics);

        var suggestion = Assert.Single(diagnostic.Suggestions);
        Assert.Equal(qualified, suggestion.Reference);
        Assert.True(ImageReference.IsValid(suggestion.Reference));
        Assert.Equal(Severity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void Evaluate_CatastrophicTagPattern_RunsInLinearTimeAndSimplyDoesNotMatch()
    {
        // Exponential for a backtracking engine; the non-backtracking engine answers at once, so no timeout happens
        // and 512 such patterns cannot hold a request for minutes.
        var rules = new TagPolicyRules { AllowedTags = ["(a|aa)+b", "(a+)+$x"], DeniedTags = ["((a*)*)*c"] };

        var result = harness.Evaluate("acme/app:" + new string('a', 120), rules);

        Assert.Equal(PolicyDiagnostics.TagNotAllowed, PolicyHarness.Codes(result));
        Assert.False(result.Compliant);
    }

    [Theory]
    [InlineData("(a)\\1")]
    [InlineData("(?=v)v1")]
    [InlineData("(?>a+)b")]
    public void Validate_PatternTheLinearEngineCannotRun_IsAValidationErrorNamingTheKey(string pattern)
    {
        var validator = new TagPolicyRulesValidator();
        var errors = validator.Validate(new TagPolicyRules { AllowedTags = [pattern] }).Errors;
        Assert.Contains(errors, e => e.PropertyName.StartsWith("allowedTags[0]", StringComparison.Ordinal) && e.ErrorMessage.Contains("linear-time", StringComparison.Ordinal));
    }
}
