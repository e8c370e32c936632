using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using ImageRefApi.Core.Resolution;

namespace ImageRefApi.Core.Tests.Policy;

/// <summary>requireExisting and verifyDigest: the registry's answer mapped into policy diagnostics.</summary>
public sealed class ResolutionRuleTests
{
    private const string Written = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";
    private const string Current = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Checked = "2026-03-01T12:00:00Z";

    private readonly PolicyHarness harness = new();
    private readonly ReferenceParser parser = new();

    private static ResolutionResult Resolved(params Diagnostic[] diagnostics) =>
        new(ResolutionStatus.Resolved, true, Current, "application/vnd.oci.image.manifest.v1+json", null, null, null, DateTimeOffset.Parse(Checked, System.Globalization.CultureInfo.InvariantCulture), diagnostics);

    private static ResolutionResult NotFound(params Diagnostic[] diagnostics) =>
        new(ResolutionStatus.NotFound, false, null, null, null, null, null, DateTimeOffset.Parse(Checked, System.Globalization.CultureInfo.InvariantCulture), diagnostics);

    private static ResolutionResult Refused(string code) =>
        new(ResolutionStatus.Refused, false, null, null, null, null, null, null, [new Diagnostic(code, Severity.Warning, "refused for the test", null, [])]);

    private static Diagnostic D(string code, Severity severity, params string[] suggestions) =>
        new(code, severity, $"{code} from the registry", null, suggestions.Select(s => new Suggestion("try", s)).ToArray());

    private PolicyEvaluation Evaluate(string reference, TagPolicyRules rules, ResolutionResult? resolution)
    {
        Assert.True(harness.Service.TryCreatePolicy(rules, out var policy, out _));
        return harness.Service.Evaluate(parser.Analyze(reference), policy, TagPolicyService.InlinePolicyName, resolution);
    }

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // rules, reference, resolution scenario, expected codes
        { "requireExisting", "registry.example.com/app:1.0", "resolved", "" },
        { "requireExisting", "registry.example.com/app:1.0", "tagMissing", PolicyDiagnostics.ImageNotFound },
        { "requireExisting", "registry.example.com/app:1.0", "repoMissing", PolicyDiagnostics.ImageNotFound },
        { "requireExisting", "registry.example.com/app:1.0", "none", PolicyDiagnostics.NotVerified },
        { "requireExisting", "registry.example.com/app:1.0", "disabled", PolicyDiagnostics.NotVerified },
        { "requireExisting", "registry.example.com/app:1.0", "failed", PolicyDiagnostics.NotVerified },
        // With a digest written, pull uses the digest: a missing tag alone is a warning and the image exists.
        { "requireExisting", "registry.example.com/app:1.0@" + Written, "tagMissingWithDigest", "" },
        { "requireExisting", "registry.example.com/app:1.0@" + Written, "digestMissing", PolicyDiagnostics.ImageNotFound },
        { "verifyDigest", "registry.example.com/app:1.0@" + Written, "resolved", "" },
        { "verifyDigest", "registry.example.com/app:1.0@" + Written, "tagMoved", PolicyDiagnostics.DigestMismatch },
        { "verifyDigest", "registry.example.com/app:1.0@" + Written, "digestMissing", PolicyDiagnostics.DigestMismatch },
        { "verifyDigest", "registry.example.com/app:1.0@" + Written, "none", PolicyDiagnostics.NotVerified },
        // Nothing to verify without a digest, even when resolution did not run.
        { "verifyDigest", "registry.example.com/app:1.0", "none", "" },
        { "verifyDigest", "registry.example.com/app:1.0", "tagMissing", "" },
        { "both", "registry.example.com/app:1.0@" + Written, "digestMissing", PolicyDiagnostics.ImageNotFound + "," + PolicyDiagnostics.DigestMismatch },
        { "both", "registry.example.com/app:1.0@" + Written, "none", PolicyDiagnostics.NotVerified },
        { "neither", "registry.example.com/app:1.0@" + Written, "digestMissing", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_ResolutionRules_ReportExpectedCodes(string rules, string reference, string scenario, string expected)
    {
        var policy = new TagPolicyRules
        {
            RequireExisting = rules is "requireExisting" or "both",
            VerifyDigest = rules is "verifyDigest" or "both",
        };

        var evaluation = Evaluate(reference, policy, Scenario(scenario));

        Assert.Equal(expected, PolicyHarness.Codes(evaluation));
        var failing = expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Any(c => c != PolicyDiagnostics.NotVerified);
        Assert.Equal(!failing, evaluation.Compliant);
    }

    [Fact]
    public void Evaluate_TagMissing_CarriesRegistryMessageAndRealSuggestions()
    {
        var resolution = NotFound(D(ResolutionDiagnostics.TagNotFound, Severity.Error, "registry.example.com/app:v1.0"));

        var evaluation = Evaluate("registry.example.com/app:1.0", new TagPolicyRules { RequireExisting = true }, resolution);

        var d = Assert.Single(evaluation.Diagnostics);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.StartsWith("requireExisting: ", d.Message, StringComparison.Ordinal);
        Assert.Contains("TAG_NOT_FOUND from the registry", d.Message, StringComparison.Ordinal);
        Assert.Equal("registry.example.com/app:v1.0", Assert.Single(d.Suggestions).Reference);
        Assert.False(evaluation.Compliant);
    }

    [Theory]
    [InlineData(null, "did not run", "send \"resolve\": true")]
    [InlineData(ResolutionDiagnostics.ResolutionDisabled, "no answer", "refused for the test")]
    [InlineData(ResolutionDiagnostics.AddressRefused, "no answer", "refused for the test")]
    public void Evaluate_Unverified_SaysWhyAndIsWarningByDefault(string? refusal, string reason, string detail)
    {
        var evaluation = Evaluate("registry.example.com/app:1.0", new TagPolicyRules { RequireExisting = true }, refusal is null ? null : Refused(refusal));

        var d = Assert.Single(evaluation.Diagnostics);
        Assert.Equal(PolicyDiagnostics.NotVerified, d.Code);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.StartsWith("requireExisting could not be verified: ", d.Message, StringComparison.Ordinal);
        Assert.Contains(reason, d.Message, StringComparison.Ordinal);
        Assert.Contains(detail, d.Message, StringComparison.Ordinal);
        Assert.True(evaluation.Compliant);
    }

    [Fact]
    public void Evaluate_UnverifiedAsError_FailsClosed()
    {
        var rules = new TagPolicyRules
        {
            RequireExisting = true,
            Severity = new Dictionary<string, string> { [PolicyDiagnostics.NotVerified] = "error" },
        };

        var evaluation = Evaluate("registry.example.com/app:1.0", rules, null);

        Assert.Equal(Severity.Error, Assert.Single(evaluation.Diagnostics).Severity);
        Assert.False(evaluation.Compliant);
    }

    [Fact]
    public void Evaluate_Exempt_SkipsResolutionRules()
    {
        var rules = new TagPolicyRules
        {
            RequireExisting = true,
            Exemptions = [new PolicyExemption { Match = "registry.example.com/app", Reason = "vendor image" }],
        };

        var evaluation = Evaluate("registry.example.com/app:1.0", rules, NotFound(D(ResolutionDiagnostics.TagNotFound, Severity.Error)));

        Assert.Equal(PolicyDiagnostics.Exempt, PolicyHarness.Codes(evaluation));
        Assert.True(evaluation.Compliant);
    }

    [Fact]
    public void GetRules_FillsResolutionRules_AndPresetsLeaveThemOff()
    {
        Assert.True(harness.Service.TryGetPolicy("strict", out var strict));
        var rules = strict.GetRules();
        Assert.False(rules.RequireExisting);
        Assert.False(rules.VerifyDigest);
        Assert.False(strict.UsesResolution);

        Assert.True(harness.Service.TryCreatePolicy(new TagPolicyRules { VerifyDigest = true }, out var inline, out _));
        Assert.True(inline.GetRules().VerifyDigest);
        Assert.True(inline.UsesResolution);
    }

    private static ResolutionResult? Scenario(string name) => name switch
    {
        "none" => null,
        "resolved" => Resolved(D(ResolutionDiagnostics.PinDigest, Severity.Info, "registry.example.com/app:1.0@" + Current)),
        "tagMissing" => NotFound(D(ResolutionDiagnostics.TagNotFound, Severity.Error)),
        "repoMissing" => NotFound(D(ResolutionDiagnostics.RepositoryNotFound, Severity.Error)),
        "tagMissingWithDigest" => Resolved(D(ResolutionDiagnostics.TagNotFound, Severity.Warning)),
        "digestMissing" => NotFound(D(ResolutionDiagnostics.DigestNotFound, Severity.Error, "registry.example.com/app:1.0@" + Current)),
        "tagMoved" => Resolved(D(ResolutionDiagnostics.TagMoved, Severity.Warning, "registry.example.com/app:1.0@" + Current)),
        "disabled" => Refused(ResolutionDiagnostics.ResolutionDisabled),
        "failed" => new ResolutionResult(ResolutionStatus.Failed, false, null, null, null, null, null, null, [D(ResolutionDiagnostics.Timeout, Severity.Warning)]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
