using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;

namespace ImageRefApi.Core.Tests.Policy;

public sealed class ExemptionTests
{
    private readonly PolicyHarness harness = new();

    private static TagPolicyRules Rules(string match, string? expires) => new()
    {
        DisallowLatest = true,
        Exemptions = [new PolicyExemption { Match = match, Reason = "vendor chart pins it (OPS-42)", Expires = expires }],
    };

    /// <summary>Exemption match, expiry, reference, expected codes.</summary>
    public static TheoryData<string, string?, string, string> Cases { get; } = new()
    {
        { "docker.io/library/nginx", null, "nginx:latest", PolicyDiagnostics.Exempt },
        { "docker.io/library/", null, "nginx:latest", PolicyDiagnostics.Exempt },
        { "docker.io/library", null, "docker.io/library-evil/nginx:latest", PolicyDiagnostics.LatestTag },
        { "docker.io/library/nginx", null, "nginx-evil:latest", PolicyDiagnostics.LatestTag },
        { "ghcr.io/acme/", null, "ghcr.io/acme/team/app:latest", PolicyDiagnostics.Exempt },
        { "*.corp.example", null, "registry.corp.example/app:latest", PolicyDiagnostics.Exempt },
        // Not yet expired (the clock says 2026-03-01T12:00Z).
        { "docker.io/library/nginx", "2026-03-02", "nginx:latest", PolicyDiagnostics.Exempt },
        { "docker.io/library/nginx", "2026-03-01T12:00:01Z", "nginx:latest", PolicyDiagnostics.Exempt },
        // Expired: an info diagnostic, and the rules apply again.
        { "docker.io/library/nginx", "2026-03-01", "nginx:latest", $"{PolicyDiagnostics.ExemptionExpired},{PolicyDiagnostics.LatestTag}" },
        { "docker.io/library/nginx", "2026-03-01T12:00:00Z", "nginx:latest", $"{PolicyDiagnostics.ExemptionExpired},{PolicyDiagnostics.LatestTag}" },
        { "docker.io/library/nginx", "2025-12-31", "nginx:1.25.3", PolicyDiagnostics.ExemptionExpired },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Exemption_AppliesUntilExpiry(string match, string? expires, string reference, string codes)
    {
        var result = harness.Evaluate(reference, Rules(match, expires));

        Assert.Equal(codes, PolicyHarness.Codes(result));
        Assert.Equal(!codes.Contains(PolicyDiagnostics.LatestTag, StringComparison.Ordinal), result.Compliant);
    }

    [Fact]
    public void Evaluate_ActiveExemption_InfoMessageRepeatsReasonAndExpiry()
    {
        var result = harness.Evaluate("nginx:latest", Rules("docker.io/library/nginx", "2026-06-30"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Info, diagnostic.Severity);
        Assert.Equal(
            "docker.io/library/nginx is exempt from the policy by 'docker.io/library/nginx' until 2026-06-30: vendor chart pins it (OPS-42)",
            diagnostic.Message);
    }

    [Fact]
    public void Evaluate_ClockPassesExpiry_SameReferenceBecomesNonCompliant()
    {
        var rules = Rules("docker.io/library/nginx", "2026-06-30");
        var before = harness.Evaluate("nginx:latest", rules);

        harness.Clock.Now = new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);
        var after = harness.Evaluate("nginx:latest", rules);

        Assert.True(before.Compliant);
        Assert.False(after.Compliant);
        var expired = after.Diagnostics[0];
        Assert.Equal(Severity.Info, expired.Severity);
        Assert.Equal(
            "the exemption 'docker.io/library/nginx' for docker.io/library/nginx expired on 2026-06-30 (vendor chart pins it (OPS-42)); the rules apply again",
            expired.Message);
    }

    [Fact]
    public void Evaluate_ExpiredAndActiveExemptions_ActiveOneApplies()
    {
        var rules = Rules("docker.io/library/", "2026-01-01");
        rules.Exemptions!.Add(new PolicyExemption { Match = "docker.io/library/nginx", Reason = "still needed" });

        var result = harness.Evaluate("nginx:latest", rules);

        Assert.Equal(PolicyDiagnostics.Exempt, PolicyHarness.Codes(result));
    }

    [Fact]
    public void Evaluate_ExemptNoticeWithFailOnInfo_StaysCompliant()
    {
        var rules = Rules("docker.io/library/nginx", null);
        rules.FailOn = "info";

        Assert.True(harness.Evaluate("nginx:latest", rules).Compliant);
    }
}
