using ImageRefApi.Core.Policy;

namespace ImageRefApi.Core.Tests.Policy;

public sealed class RegistryMatchingTests
{
    private readonly PolicyHarness harness = new();

    /// <summary>Allowed entries (comma-separated), reference, allowed?</summary>
    public static TheoryData<string, string, bool> AllowCases { get; } = new()
    {
        // Path entries match whole segments only.
        { "docker.io/library/", "docker.io/library/nginx:1.25.3", true },
        { "docker.io/library/", "nginx:1.25.3", true },
        { "docker.io/library/", "docker.io/library-evil/nginx:1.25.3", false },
        { "docker.io/library", "docker.io/library-evil/nginx:1.25.3", false },
        { "docker.io/library/*", "library/nginx:1.25.3", true },
        { "ghcr.io/acme/", "ghcr.io/acme/app:1.0.0", true },
        { "ghcr.io/acme/", "ghcr.io/acme/team/app:1.0.0", true },
        { "ghcr.io/acme/", "ghcr.io/acmecorp/app:1.0.0", false },
        { "ghcr.io/acme/app", "ghcr.io/acme/app:1.0.0", true },
        { "ghcr.io/acme/app", "ghcr.io/acme/app-old:1.0.0", false },
        // Hosts are exact: no prefix or suffix tricks.
        { "example.com", "example.com/app:1.0.0", true },
        { "example.com", "example.com.evil.io/app:1.0.0", false },
        { "example.com", "evilexample.com/app:1.0.0", false },
        { "example.com", "sub.example.com/app:1.0.0", false },
        { "EXAMPLE.com", "example.com/app:1.0.0", true },
        // host and host:port are different registries.
        { "registry.example.com", "registry.example.com:5000/app:1.0.0", false },
        { "registry.example.com:5000", "registry.example.com/app:1.0.0", false },
        { "registry.example.com:5000", "registry.example.com:5000/app:1.0.0", true },
        { "registry.example.com:5000", "registry.example.com:5001/app:1.0.0", false },
        { "localhost:5000", "localhost:5000/app:1.0.0", true },
        { "localhost", "localhost:5000/app:1.0.0", false },
        { "[::1]:5000", "[::1]:5000/app:1.0.0", true },
        // Wildcards: any depth, label boundary, not the apex.
        { "*.corp.example", "registry.corp.example/app:1.0.0", true },
        { "*.corp.example", "a.b.corp.example/app:1.0.0", true },
        { "*.corp.example", "corp.example/app:1.0.0", false },
        { "*.corp.example", "evilcorp.example/app:1.0.0", false },
        { "*.corp.example", "registry.corp.example.evil.io/app:1.0.0", false },
        { "*.corp.example", "registry.corp.example:5000/app:1.0.0", false },
        { "*.corp.example:5000", "registry.corp.example:5000/app:1.0.0", true },
        // Docker Hub: short names are docker.io/library/…, index.docker.io is docker.io, *.docker.io is subdomains only.
        { "docker.io", "nginx", true },
        { "docker.io", "acme/app:1.0.0", true },
        { "docker.io/*", "nginx:1.25.3", true },
        { "index.docker.io", "nginx:1.25.3", true },
        { "docker.io", "index.docker.io/library/nginx:1.25.3", true },
        { "*.docker.io", "nginx:1.25.3", false },
        { "*.docker.io", "registry-1.docker.io/library/nginx:1.25.3", true },
        { "docker.io/acme/", "acme/app:1.0.0", true },
        { "docker.io/acme/", "acme-evil/app:1.0.0", false },
        // More than one entry: any match allows.
        { "registry.example.com,*.corp.example", "ghcr.io/acme/app:1.0.0", false },
        { "registry.example.com,*.corp.example", "registry.example.com/app:1.0.0", true },
    };

    [Theory]
    [MemberData(nameof(AllowCases))]
    public void AllowedRegistries_Reference_MatchesOnCanonicalFormAtBoundaries(string entries, string reference, bool allowed)
    {
        var rules = new TagPolicyRules { AllowedRegistries = entries.Split(',') };

        var result = harness.Evaluate(reference, rules);

        Assert.Equal(allowed, result.Compliant);
        Assert.Equal(allowed ? string.Empty : PolicyDiagnostics.RegistryNotAllowed, PolicyHarness.Codes(result));
    }

    /// <summary>Allowed entries, denied entries, reference, expected code (empty when allowed).</summary>
    public static TheoryData<string, string, string, string> DenyCases { get; } = new()
    {
        // Deny wins over allow at the same specificity.
        { "docker.io", "docker.io", "nginx:1.25.3", PolicyDiagnostics.RegistryDenied },
        // The longest match decides.
        { "docker.io/library/", "docker.io", "nginx:1.25.3", "" },
        { "docker.io/library/", "docker.io", "acme/app:1.0.0", PolicyDiagnostics.RegistryDenied },
        { "docker.io", "docker.io/library-evil/", "library-evil/app:1.0.0", PolicyDiagnostics.RegistryDenied },
        { "docker.io", "docker.io/library-evil/", "nginx:1.25.3", "" },
        { "*.corp.example", "legacy.corp.example", "legacy.corp.example/app:1.0.0", PolicyDiagnostics.RegistryDenied },
        { "*.corp.example", "legacy.corp.example", "new.corp.example/app:1.0.0", "" },
        { "legacy.corp.example/approved/", "*.corp.example", "legacy.corp.example/approved/app:1.0.0", "" },
        { "legacy.corp.example", "*.corp.example", "legacy.corp.example/app:1.0.0", "" },
        { "*.example.com", "*.corp.example.com", "a.corp.example.com/app:1.0.0", PolicyDiagnostics.RegistryDenied },
        { "*.corp.example.com", "*.example.com", "a.corp.example.com/app:1.0.0", "" },
        // Deny alone: everything else is allowed.
        { "", "ghcr.io", "ghcr.io/acme/app:1.0.0", PolicyDiagnostics.RegistryDenied },
        { "", "ghcr.io", "ghcr.io.evil.io/acme/app:1.0.0", "" },
        { "", "ghcr.io", "nginx:1.25.3", "" },
    };

    [Theory]
    [MemberData(nameof(DenyCases))]
    public void DeniedRegistries_AgainstAllowed_DenyWinsTiesAndLongestMatchDecides(string allowed, string denied, string reference, string code)
    {
        var rules = new TagPolicyRules
        {
            AllowedRegistries = allowed.Length == 0 ? null : allowed.Split(','),
            DeniedRegistries = denied.Split(','),
        };

        var result = harness.Evaluate(reference, rules);

        Assert.Equal(code, PolicyHarness.Codes(result));
    }

    [Fact]
    public void AllowedRegistries_NotAllowed_MessageSaysExpectedAndFound()
    {
        var rules = new TagPolicyRules { AllowedRegistries = ["registry.example.com", "*.corp.example"] };

        var diagnostic = Assert.Single(harness.Evaluate("ghcr.io/acme/app:1.0.0", rules).Diagnostics);

        Assert.Equal("registry ghcr.io is not allowed; allowed: registry.example.com, *.corp.example", diagnostic.Message);
        Assert.Equal(new ImageRefApi.Core.Parsing.TextSpan(0, 7), diagnostic.Span);
    }

    [Fact]
    public void AllowedRegistries_ShortNameNotAllowed_MessageNamesImpliedRegistry()
    {
        var rules = new TagPolicyRules { AllowedRegistries = ["registry.example.com"] };

        var diagnostic = Assert.Single(harness.Evaluate("nginx:1.25", rules).Diagnostics);

        Assert.Equal("registry docker.io (implied by the short name nginx) is not allowed; allowed: registry.example.com", diagnostic.Message);
    }

    [Fact]
    public void AllowedRegistries_RightHostWrongPath_MessageNamesRepository()
    {
        var rules = new TagPolicyRules { AllowedRegistries = ["docker.io/library/"] };

        var diagnostic = Assert.Single(harness.Evaluate("docker.io/library-evil/nginx:1.25.3", rules).Diagnostics);

        Assert.Equal("repository docker.io/library-evil/nginx is not allowed; allowed: docker.io/library/", diagnostic.Message);
    }

    [Fact]
    public void DeniedRegistries_TieWithAllowed_MessageSaysDenyWins()
    {
        var rules = new TagPolicyRules { AllowedRegistries = ["ghcr.io"], DeniedRegistries = ["ghcr.io"] };

        var diagnostic = Assert.Single(harness.Evaluate("ghcr.io/acme/app:1.0.0", rules).Diagnostics);

        Assert.Equal("registry ghcr.io is denied by 'ghcr.io' (it also matches allowed 'ghcr.io'; deny wins)", diagnostic.Message);
        Assert.Equal(ImageRefApi.Core.Parsing.Severity.Error, diagnostic.Severity);
    }
}
