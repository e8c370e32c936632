using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace ImageRefApi.Tests;

/// <summary>Tag classification and tag policies through the real HTTP pipeline.</summary>
[Collection(SharedHosts.Name)]
public sealed class PolicyApiTests(ApiHosts hosts)
{
    private const string Validate = "/v1/references/validate";
    private const string Batch = "/v1/references/validate/batch";
    private const string Digest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

    private static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonObject> Post(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, ApiFactory.Json(json));
        return await Ok(response);
    }

    private static string[] Codes(JsonObject result) => [.. result["diagnostics"]!.AsArray().Select(d => (string)d!["code"]!)];

    private static string[] PolicyCodes(JsonObject result) => [.. Codes(result).Where(c => c.StartsWith("POLICY_", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostValidate_NoPolicy_AppliesDefaultPolicyAndClassifiesTag(string environment)
    {
        using var client = hosts[environment].CreateClient();

        var body = await Post(client, Validate, """{"reference":"nginx:latest"}""");

        Assert.Equal("""{"name":"default","compliant":true,"failOn":"error"}""", body["policy"]!.ToJsonString());
        Assert.Equal("""{"kind":"latest","version":null,"precision":null,"variant":null,"prerelease":false,"mutable":true}""", body["tag"]!.ToJsonString());
        var latest = body["diagnostics"]!.AsArray().Single(d => (string?)d!["code"] == "POLICY_LATEST_TAG")!;
        Assert.Equal("warning", (string?)latest["severity"]);
        Assert.Equal("""{"start":6,"length":6}""", latest["span"]!.ToJsonString());
    }

    [Theory]
    [InlineData("nginx:3.11.7-slim-bookworm", "version", "patch", "slim-bookworm")]
    [InlineData("python:3.11", "floating-version", "minor", null)]
    [InlineData("nginx", "implicit-latest", null, null)]
    [InlineData("nginx@" + Digest, "none", null, null)]
    [InlineData("debian:bookworm", "channel", null, null)]
    public async Task PostValidate_ValidReference_ReturnsTagClassification(string reference, string kind, string? precision, string? variant)
    {
        using var client = hosts.Production.CreateClient();

        var body = await Post(client, Validate, $$"""{"reference":"{{reference}}"}""");

        Assert.Equal(kind, (string?)body["tag"]!["kind"]);
        Assert.Equal(precision, (string?)body["tag"]!["precision"]);
        Assert.Equal(variant, (string?)body["tag"]!["variant"]);
        Assert.Equal(!reference.Contains('@', StringComparison.Ordinal), (bool)body["tag"]!["mutable"]!);
    }

    [Fact]
    public async Task PostValidate_InvalidReference_TagNullAndNotCompliant()
    {
        using var client = hosts.Production.CreateClient();

        var body = await Post(client, Validate, """{"reference":"Nginx:1.27","policy":"permissive"}""");

        Assert.Null(body["tag"]);
        Assert.Equal("""{"name":"permissive","compliant":false,"failOn":"error"}""", body["policy"]!.ToJsonString());
        Assert.Empty(PolicyCodes(body));
    }

    [Theory]
    [InlineData("strict", "docker.io/library/nginx:latest", false, "POLICY_LATEST_TAG,POLICY_DIGEST_MISSING")]
    [InlineData("STRICT", "docker.io/library/python:3.11", false, "POLICY_FLOATING_VERSION,POLICY_DIGEST_MISSING")]
    [InlineData("strict", "ghcr.io/acme/app:1.0.0-rc.1", false, "POLICY_PRERELEASE_TAG,POLICY_DIGEST_MISSING")]
    [InlineData("strict", "docker.io/library/nginx:1.27.3@" + Digest, true, "")]
    [InlineData("strict", "nginx:1.27.3", true, "POLICY_SHORT_NAME,POLICY_DIGEST_MISSING")]
    [InlineData("permissive", "nginx:latest", true, "")]
    [InlineData("default", "node:lts-alpine", true, "POLICY_CHANNEL_TAG,POLICY_DIGEST_MISSING")]
    public async Task PostValidate_NamedPolicy_ReturnsVerdictAndPolicyDiagnostics(string policy, string reference, bool compliant, string codes)
    {
        using var client = hosts.Production.CreateClient();

        var body = await Post(client, Validate, $$"""{"reference":"{{reference}}","policy":"{{policy}}"}""");

        Assert.Equal(policy.ToLowerInvariant(), (string?)body["policy"]!["name"]);
        Assert.Equal(compliant, (bool)body["policy"]!["compliant"]!);
        Assert.Equal(codes, string.Join(",", PolicyCodes(body)));
    }

    /// <summary>The boundary traps of raw prefix matching, each through the API with an inline policy.</summary>
    public static TheoryData<string, string, bool, string> InlineCases => new()
    {
        { """{"allowedRegistries":["docker.io/library/"]}""", "docker.io/library-evil/x:1.0.0", false, "POLICY_REGISTRY_NOT_ALLOWED" },
        { """{"allowedRegistries":["docker.io/library/"]}""", "nginx:1.0.0", true, "" },
        { """{"allowedRegistries":["docker.io/library"]}""", "docker.io/library-evil/x:1.0.0", false, "POLICY_REGISTRY_NOT_ALLOWED" },
        { """{"allowedRegistries":["example.com"]}""", "example.com.evil.io/x:1.0.0", false, "POLICY_REGISTRY_NOT_ALLOWED" },
        { """{"allowedRegistries":["registry.example.com"]}""", "registry.example.com:5000/x:1.0.0", false, "POLICY_REGISTRY_NOT_ALLOWED" },
        { """{"allowedRegistries":["registry.example.com:5000"]}""", "registry.example.com:5000/x:1.0.0", true, "" },
        { """{"allowedRegistries":["*.example.com"]}""", "a.b.example.com/x:1.0.0", true, "" },
        { """{"allowedRegistries":["*.example.com"]}""", "example.com/x:1.0.0", false, "POLICY_REGISTRY_NOT_ALLOWED" },
        { """{"deniedRegistries":["docker.io"]}""", "nginx:1.0.0", false, "POLICY_REGISTRY_DENIED" },
        { """{"allowedRegistries":["index.docker.io"]}""", "nginx:1.0.0", true, "" },
        { """{"allowedRegistries":["docker.io"],"deniedRegistries":["docker.io/library-evil/"]}""", "docker.io/library-evil/x:1.0.0", false, "POLICY_REGISTRY_DENIED" },
        { """{"disallowLatest":true,"failOn":"warning","severity":{"POLICY_LATEST_TAG":"warning"}}""", "nginx:latest", false, "POLICY_LATEST_TAG" },
        { """{"deniedTags":["1\\.0\\.0"]}""", "nginx:1.0.0-debug", true, "" },
        { """{"deniedTags":[".*-debug"]}""", "nginx:1.0.0-debug", false, "POLICY_TAG_DENIED" },
        { """{"disallowLatest":true,"exemptions":[{"match":"docker.io/library/nginx","reason":"vendor chart"}]}""", "nginx:latest", true, "POLICY_EXEMPT" },
        { """{"disallowLatest":true,"exemptions":[{"match":"docker.io/library/nginx","reason":"vendor chart","expires":"2020-01-01"}]}""", "nginx:latest", false, "POLICY_EXEMPTION_EXPIRED,POLICY_LATEST_TAG" },
    };

    [Theory]
    [MemberData(nameof(InlineCases))]
    public async Task PostValidate_InlinePolicy_MatchesAtBoundaries(string policy, string reference, bool compliant, string codes)
    {
        using var client = hosts.Production.CreateClient();

        var body = await Post(client, Validate, $$"""{"reference":"{{reference}}","policy":{{policy}}}""");

        Assert.Equal("inline", (string?)body["policy"]!["name"]);
        Assert.Equal(compliant, (bool)body["policy"]!["compliant"]!);
        Assert.Equal(codes, string.Join(",", PolicyCodes(body)));
    }

    [Fact]
    public async Task PostValidate_RegistryNotAllowed_SaysExpectedAndFound()
    {
        using var client = hosts.Production.CreateClient();

        var body = await Post(client, Validate, """{"reference":"ghcr.io/acme/app:1.0.0","policy":{"allowedRegistries":["registry.example.com","*.corp.example"]}}""");

        var d = body["diagnostics"]!.AsArray().Single(d => (string?)d!["code"] == "POLICY_REGISTRY_NOT_ALLOWED")!;
        Assert.Equal("registry ghcr.io is not allowed; allowed: registry.example.com, *.corp.example", (string?)d["message"]);
        Assert.Equal("""{"start":0,"length":7}""", d["span"]!.ToJsonString());
    }

    public static TheoryData<string, string> InvalidInlinePolicies => new()
    {
        { """{"allowedRegistries":["*example.com"]}""", "policy.allowedRegistries[0]" },
        { """{"allowedRegistries":["ghcr.io","bad host"]}""", "policy.allowedRegistries[1]" },
        { """{"disalowLatest":true}""", "policy.disalowLatest" },
        { """{"RequireTag":true}""", "policy.RequireTag" },
        { """{"exemptions":[{"match":"docker.io/library/nginx"}]}""", "policy.exemptions[0].reason" },
        { """{"exemptions":[{"match":"docker.io/library/nginx","reason":"r","expires":"next week"}]}""", "policy.exemptions[0].expires" },
        { """{"minPrecision":"micro"}""", "policy.minPrecision" },
        { """{"failOn":"sometimes"}""", "policy.failOn" },
        { """{"severity":{"POLICY_NOPE":"error"}}""", "policy.severity.POLICY_NOPE" },
        { """{"deniedTags":["(unclosed"]}""", "policy.deniedTags[0]" },
        { """{"requireTag":"yes"}""", "policy.requireTag" },
        { """{"allowedRegistries":"ghcr.io"}""", "policy.allowedRegistries" },
    };

    [Theory]
    [MemberData(nameof(InvalidInlinePolicies))]
    public async Task PostValidate_InvalidInlinePolicy_Returns400NamingTheKey(string policy, string key)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json($$"""{"reference":"nginx:1.0.0","policy":{{policy}}}"""));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(key), errors.ToJsonString());
        Assert.All(errors, e => Assert.StartsWith("policy", e.Key, StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace((string?)errors[key]![0]));
    }

    [Fact]
    public async Task PostValidate_InvalidExemptionKey_Returns400()
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"nginx:1.0.0","policy":{"exemptions":[{"match":"docker.io/library/nginx","reason":"r","expirs":"2020-01-01"}]}}"""));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.StartsWith("policy.exemptions[0]", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostValidate_UnknownPolicyName_Returns400ListingKnownNames(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"nginx:1.0.0","policy":"prod"}"""));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        var message = (string)problem["errors"]!["policy"]![0]!;
        Assert.Contains("'prod'", message, StringComparison.Ordinal);
        Assert.Contains("default, permissive, strict", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("""["strict"]""")]
    public async Task PostValidate_PolicyOfWrongKind_Returns400(string policy)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json($$"""{"reference":"nginx:1.0.0","policy":{{policy}}}"""));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("policy"));
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostBatch_InlinePolicy_AppliesToEveryResultAndCountsNonCompliant(string environment)
    {
        using var client = hosts[environment].CreateClient();

        var body = await Post(client, Batch, """{"references":["docker.io/library/nginx:1.27.3","docker.io/library-evil/x:1.0.0","Bad:ref","ghcr.io/acme/a:1.0.0"],"policy":{"allowedRegistries":["docker.io/library/"]}}""");

        var results = body["results"]!.AsArray();
        Assert.All(results, r => Assert.Equal("inline", (string?)r!["policy"]!["name"]));
        Assert.Equal([true, false, false, false], results.Select(r => (bool)r!["policy"]!["compliant"]!));
        Assert.Equal(3, (int)body["summary"]!["nonCompliant"]!);
    }

    [Fact]
    public async Task PostBatch_InvalidPolicy_Returns400OnceForTheRequest()
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(Batch, ApiFactory.Json("""{"references":["nginx","redis"],"policy":{"allowedRegistries":["*example.com"]}}"""));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.Equal(["policy.allowedRegistries[0]"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task GetPolicies_Always_ListsPresetsWithDescriptions(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync("/v1/policies");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(["default", "permissive", "strict"], list.Select(p => (string)p!["name"]!));
        Assert.All(list, p => Assert.False(string.IsNullOrWhiteSpace((string?)p!["description"])));
    }

    [Fact]
    public async Task GetPolicy_KnownNameAnyCase_ReturnsEveryRuleKey()
    {
        using var client = hosts.Production.CreateClient();

        var body = await Ok(await client.GetAsync("/v1/policies/Strict"));

        Assert.Equal("strict", (string?)body["name"]);
        var rules = body["rules"]!.AsObject();
        Assert.Equal(
            ["description", "requireTag", "disallowLatest", "disallowChannels", "minPrecision", "allowPrerelease", "requireDigest", "requireExisting", "verifyDigest", "allowedRegistries", "deniedRegistries", "allowedTags", "deniedTags", "exemptions", "severity", "failOn"],
            rules.Select(r => r.Key));
        Assert.True((bool)rules["requireDigest"]!);
        Assert.False((bool)rules["allowPrerelease"]!);
        Assert.False((bool)rules["requireExisting"]!);
        Assert.Equal("patch", (string?)rules["minPrecision"]);
    }

    [Fact]
    public async Task GetPolicy_RulesSentInline_JudgeLikeTheNamedPolicy()
    {
        using var client = hosts.Production.CreateClient();
        var rules = (await Ok(await client.GetAsync("/v1/policies/strict")))["rules"]!.ToJsonString();

        foreach (var reference in new[] { "nginx:latest", "python:3.11", "ghcr.io/acme/app:1.0.0-rc.1", "nginx:1.27.3" })
        {
            var named = await Post(client, Validate, $$"""{"reference":"{{reference}}","policy":"strict"}""");
            var inline = await Post(client, Validate, $$"""{"reference":"{{reference}}","policy":{{rules}}}""");
            Assert.Equal(named["diagnostics"]!.ToJsonString(), inline["diagnostics"]!.ToJsonString());
            Assert.Equal((bool)named["policy"]!["compliant"]!, (bool)inline["policy"]!["compliant"]!);
        }
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task GetPolicy_UnknownName_Returns404Problem(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync("/v1/policies/prod");

        var problem = await Problems.Read(response, HttpStatusCode.NotFound);
        Assert.Contains("'prod'", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("strict", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDiagnostics_Always_ListsParserPolicyResolutionAndScanCodes()
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.GetAsync("/v1/diagnostics");

        var codes = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(d => (string)d!["code"]!).ToList();
        Assert.Contains("TAG_CONTAINS_COLON", codes);
        Assert.Contains("POLICY_LATEST_TAG", codes);
        Assert.Contains("POLICY_NOT_VERIFIED", codes);
        Assert.Contains("POLICY_IMAGE_NOT_FOUND", codes);
        Assert.Contains("RESOLUTION_DISABLED", codes);
        Assert.Contains("TAG_NOT_FOUND", codes);
        Assert.All(ImageRefApi.Core.Scanning.ScanDiagnostics.Descriptors, d => Assert.Contains(d.Code, codes));
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
    }

    [Fact]
    public void Startup_BadConfiguredPolicy_RefusesToStartNamingTheKey()
    {
        using var host = new ApiFactory("Production");
        using var factory = host.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) =>
            c.AddInMemoryCollection(new Dictionary<string, string?> { ["TagPolicy:bad:allowedRegistries:0"] = "*example.com" })));

        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("TagPolicy:bad:allowedRegistries[0]", Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostValidate_ConfiguredPolicy_IsListedAndApplied()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?>
        {
            ["TagPolicy:corp:description"] = "Only the corporate registry",
            ["TagPolicy:corp:allowedRegistries:0"] = "registry.corp.example",
            ["TagPolicy:corp:requireExisting"] = "true",
        });
        using var client = factory.CreateClient();

        var list = JsonNode.Parse(await client.GetStringAsync("/v1/policies"))!.AsArray();
        var body = await Post(client, Validate, """{"reference":"ghcr.io/acme/app:1.0.0","policy":"corp"}""");

        Assert.Contains(list, p => (string?)p!["name"] == "corp" && (string?)p["description"] == "Only the corporate registry");
        Assert.Equal("""["registry.corp.example"]""", JsonNode.Parse(await client.GetStringAsync("/v1/policies/corp"))!["rules"]!["allowedRegistries"]!.ToJsonString());
        Assert.False((bool)body["policy"]!["compliant"]!);
        Assert.Equal("POLICY_REGISTRY_NOT_ALLOWED,POLICY_NOT_VERIFIED", string.Join(",", PolicyCodes(body)));
    }

    [Fact]
    public async Task PostValidate_RequireExistingWithoutResolve_SaysNotVerified()
    {
        using var client = hosts.Production.CreateClient();

        var body = await Post(client, Validate, """{"reference":"ghcr.io/acme/app:1.0.0","policy":{"requireExisting":true}}""");

        var d = body["diagnostics"]!.AsArray().Single(d => (string?)d!["code"] == "POLICY_NOT_VERIFIED")!;
        Assert.Equal("warning", (string?)d["severity"]);
        Assert.Contains("\"resolve\": true", (string?)d["message"], StringComparison.Ordinal);
        Assert.True((bool)body["policy"]!["compliant"]!);
        Assert.Null(body["resolution"]);
    }

    [Fact]
    public async Task PostValidate_ResolveWhileDisabled_ReportsDisabledAndNotVerified()
    {
        using var client = hosts.Production.CreateClient();

        var body = await Post(client, Validate, """{"reference":"ghcr.io/acme/app:1.0.0","resolve":true,"policy":{"requireExisting":true,"severity":{"POLICY_NOT_VERIFIED":"error"}}}""");

        Assert.Equal("refused", (string?)body["resolution"]!["status"]);
        Assert.Null(body["resolution"]!["exists"]);
        Assert.Equal(["RESOLUTION_DISABLED", "POLICY_NOT_VERIFIED"], Codes(body).Where(c => c is "RESOLUTION_DISABLED" or "POLICY_NOT_VERIFIED"));
        Assert.False((bool)body["policy"]!["compliant"]!);
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : ex.Message + " | " + Flatten(ex.InnerException);
}
