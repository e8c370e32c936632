using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ImageRefApi.Core.Tests.Resolution;

namespace ImageRefApi.Tests;

/// <summary>
/// Registry resolution through the real HTTP pipeline, against a real docker-registry process on loopback
/// (the fixture of the resolver's own tests). No other host is ever contacted.
/// </summary>
[Collection(RegistryCollectionDefinition.Name)]
public sealed class ResolutionApiTests(RegistryFixture fixture)
{
    private const string Resolve = "/v1/references/resolve";
    private const string Validate = "/v1/references/validate";
    private const string Batch = "/v1/references/validate/batch";
    private const string Zero = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>A Production host that may resolve against <paramref name="registry"/> over plain HTTP on loopback.</summary>
    private static ApiFactory Enabled(string registry, bool allowPrivate = true, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Resolution:Enabled"] = "true",
            ["Resolution:AllowedRegistries:0"] = registry,
            ["Resolution:AllowedRegistries:1"] = "169.254.169.254",
            ["Resolution:InsecureRegistries:0"] = registry,
            ["Resolution:InsecureRegistries:1"] = "169.254.169.254",
            ["Resolution:AllowPrivateNetworks"] = allowPrivate ? "true" : "false",
            ["Resolution:TimeoutSeconds"] = "10",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ApiFactory("Production", settings);
    }

    private static async Task<JsonObject> Post(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, ApiFactory.Json(json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static JsonNode Diagnostic(JsonObject result, string code) =>
        result["diagnostics"]!.AsArray().Single(d => (string?)d!["code"] == code)!;

    [RegistryFact]
    public async Task PostResolve_PushedTag_ReturnsRealDigestAndPinSuggestion()
    {
        var images = fixture.Open;
        using var factory = Enabled(images.Registry.Host);
        using var client = factory.CreateClient();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var body = await Post(client, Resolve, $$"""{"reference":"{{images.Registry.Host}}/team/app:1.0"}""");

        Assert.Equal(["input", "valid", "reference", "resolution", "diagnostics"], body.Select(p => p.Key));
        var resolution = body["resolution"]!.AsObject();
        Assert.Equal(["status", "exists", "digest", "mediaType", "platforms", "platform", "platformDigest", "pinned", "checkedAt"], resolution.Select(p => p.Key));
        Assert.Equal("resolved", (string?)resolution["status"]);
        Assert.True((bool)resolution["exists"]!);
        Assert.Equal(images.DigestA, (string?)resolution["digest"]);
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", (string?)resolution["mediaType"]);
        var pinned = $"{images.Registry.Host}/team/app:1.0@{images.DigestA}";
        Assert.Equal(pinned, (string?)resolution["pinned"]);
        Assert.InRange(DateTimeOffset.Parse((string)resolution["checkedAt"]!, CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.AddSeconds(1));
        var pin = Diagnostic(body, "PIN_DIGEST");
        Assert.Equal("info", (string?)pin["severity"]);
        Assert.Equal(pinned, (string?)pin["suggestions"]![0]!["reference"]);
    }

    [RegistryFact]
    public async Task PostResolve_IndexWithPlatform_ListsPlatformsAndPlatformDigest()
    {
        var images = fixture.Open;
        using var factory = Enabled(images.Registry.Host);
        using var client = factory.CreateClient();

        var body = await Post(client, Resolve, $$"""{"reference":"{{images.Registry.Host}}/team/multi:2.0","platform":"linux/arm64"}""");

        var resolution = body["resolution"]!;
        Assert.Equal(images.IndexDigest, (string?)resolution["digest"]);
        Assert.Equal("""["linux/amd64","linux/arm64/v8"]""", resolution["platforms"]!.ToJsonString());
        Assert.Equal("linux/arm64", (string?)resolution["platform"]);
        Assert.Equal(images.ArmDigest, (string?)resolution["platformDigest"]);
    }

    [RegistryFact]
    public async Task PostResolve_MissingTag_ReportsTagNotFoundWithNearbyTags()
    {
        var images = fixture.Open;
        using var factory = Enabled(images.Registry.Host);
        using var client = factory.CreateClient();

        var body = await Post(client, Resolve, $$"""{"reference":"{{images.Registry.Host}}/team/app:1.25.3"}""");

        Assert.Equal("notFound", (string?)body["resolution"]!["status"]);
        Assert.False((bool)body["resolution"]!["exists"]!);
        Assert.Null(body["resolution"]!["digest"]);
        var missing = Diagnostic(body, "TAG_NOT_FOUND");
        Assert.Equal("error", (string?)missing["severity"]);
        Assert.Equal($"{images.Registry.Host}/team/app:v1.25.3", (string?)missing["suggestions"]![0]!["reference"]);
    }

    [RegistryFact]
    public async Task PostValidate_ResolveWithRequireExisting_FailsOnMissingTagAndPassesOnPushedTag()
    {
        var images = fixture.Open;
        using var factory = Enabled(images.Registry.Host);
        using var client = factory.CreateClient();
        const string policy = """{"requireExisting":true}""";

        var missing = await Post(client, Validate, $$"""{"reference":"{{images.Registry.Host}}/team/app:9.9.9","resolve":true,"policy":{{policy}}}""");
        var present = await Post(client, Validate, $$"""{"reference":"{{images.Registry.Host}}/team/app:1.0","resolve":true,"policy":{{policy}}}""");

        Assert.False((bool)missing["policy"]!["compliant"]!);
        Assert.Equal("notFound", (string?)missing["resolution"]!["status"]);
        Assert.StartsWith("requireExisting: ", (string?)Diagnostic(missing, "POLICY_IMAGE_NOT_FOUND")["message"], StringComparison.Ordinal);
        Assert.Equal("error", (string?)Diagnostic(missing, "TAG_NOT_FOUND")["severity"]);
        Assert.True((bool)present["policy"]!["compliant"]!);
        Assert.Equal(images.DigestA, (string?)present["resolution"]!["digest"]);
        Assert.Equal($"{images.Registry.Host}/team/app:1.0@{images.DigestA}", (string?)Diagnostic(present, "PIN_DIGEST")["suggestions"]![0]!["reference"]);
    }

    [RegistryFact]
    public async Task PostValidate_ResolveWithVerifyDigest_ReportsMovedTagAndMissingDigest()
    {
        var images = fixture.Open;
        using var factory = Enabled(images.Registry.Host);
        using var client = factory.CreateClient();
        const string policy = """{"verifyDigest":true}""";

        var moved = await Post(client, Validate, $$"""{"reference":"{{images.Registry.Host}}/team/app:1.0@{{images.DigestB}}","resolve":true,"policy":{{policy}}}""");
        var absent = await Post(client, Validate, $$"""{"reference":"{{images.Registry.Host}}/team/app:1.0@{{Zero}}","resolve":true,"policy":{{policy}}}""");
        var agreed = await Post(client, Validate, $$"""{"reference":"{{images.Registry.Host}}/team/app:1.0@{{images.DigestA}}","resolve":true,"policy":{{policy}}}""");

        Assert.False((bool)moved["policy"]!["compliant"]!);
        Assert.Equal($"{images.Registry.Host}/team/app:1.0@{images.DigestA}", (string?)Diagnostic(moved, "TAG_MOVED")["suggestions"]![0]!["reference"]);
        Assert.StartsWith("verifyDigest: ", (string?)Diagnostic(moved, "POLICY_DIGEST_MISMATCH")["message"], StringComparison.Ordinal);
        Assert.False((bool)absent["policy"]!["compliant"]!);
        Assert.NotNull(Diagnostic(absent, "DIGEST_NOT_FOUND"));
        Assert.NotNull(Diagnostic(absent, "POLICY_DIGEST_MISMATCH"));
        Assert.True((bool)agreed["policy"]!["compliant"]!);
        Assert.DoesNotContain(agreed["diagnostics"]!.AsArray(), d => ((string)d!["code"]!).StartsWith("POLICY_", StringComparison.Ordinal));
    }

    [RegistryFact]
    public async Task PostBatch_Resolve_AnswersEveryReferenceInOrder()
    {
        var images = fixture.Open;
        using var factory = Enabled(images.Registry.Host);
        using var client = factory.CreateClient();
        var host = images.Registry.Host;

        var body = await Post(client, Batch, $$"""{"references":["{{host}}/team/app:1.0","{{host}}/team/app:moving","Bad:Ref","{{host}}/team/app:1.0","{{host}}/team/app:nope"],"resolve":true}""");

        var results = body["results"]!.AsArray();
        Assert.Equal([images.DigestA, images.DigestB, null, images.DigestA, null], results.Select(r => (string?)r!["resolution"]?["digest"]));
        Assert.Null(results[2]!["resolution"]);
        Assert.Equal("notFound", (string?)results[4]!["resolution"]!["status"]);
    }

    [Fact]
    public async Task PostResolve_InvalidReference_ReturnsParserDiagnosticsWithoutContactingAnyone()
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Response(200, "OK", []));
        var registry = $"127.0.0.1:{server.Port}";
        using var factory = Enabled(registry);
        using var client = factory.CreateClient();

        var body = await Post(client, Resolve, $$"""{"reference":"{{registry}}/Team/App:1.0"}""");

        Assert.False((bool)body["valid"]!);
        Assert.Null(body["resolution"]);
        Assert.Null(body["reference"]);
        Assert.NotEmpty(body["diagnostics"]!.AsArray());
        Assert.DoesNotContain(body["diagnostics"]!.AsArray(), d => ((string)d!["code"]!).StartsWith("RESOLUTION_", StringComparison.Ordinal));
        Assert.Equal(0, server.Connections);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        // Cloud metadata is refused even though it is allow-listed and private networks are allowed.
        { "169.254.169.254/latest:meta-data", "RESOLUTION_ADDRESS_REFUSED" },
        // Not in the allow-list: refused before any DNS lookup.
        { "ghcr.io/acme/app:1.0", "RESOLUTION_REGISTRY_NOT_ALLOWED" },
        { "127.0.0.2:5000/team/app:1.0", "RESOLUTION_REGISTRY_NOT_ALLOWED" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task PostResolve_RefusedTarget_Returns200RefusedWithoutContactingIt(string reference, string code)
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Response(200, "OK", []));
        using var factory = Enabled($"127.0.0.1:{server.Port}");
        using var client = factory.CreateClient();

        var body = await Post(client, Resolve, $$"""{"reference":"{{reference}}"}""");

        Assert.Equal("refused", (string?)body["resolution"]!["status"]);
        Assert.Null(body["resolution"]!["exists"]);
        Assert.Equal(code, (string?)body["diagnostics"]!.AsArray().Last()!["code"]);
        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task PostResolve_LoopbackWhenPrivateNetworksNotAllowed_IsRefusedAndNeverConnected(string host)
    {
        await using var server = new LoopbackServer(_ => LoopbackServer.Response(200, "OK", []));
        var registry = $"{host}:{server.Port}";
        using var factory = Enabled(registry, allowPrivate: false);
        using var client = factory.CreateClient();

        var body = await Post(client, Resolve, $$"""{"reference":"{{registry}}/team/app:1.0"}""");

        Assert.Equal("refused", (string?)body["resolution"]!["status"]);
        Assert.Equal("RESOLUTION_ADDRESS_REFUSED", (string?)body["diagnostics"]!.AsArray().Last()!["code"]);
        Assert.Equal(0, server.Connections);
    }

    [RegistryFact]
    public async Task PostResolve_DefaultConfiguration_IsDisabledAndContactsNothing()
    {
        var images = fixture.Open;
        using var factory = new ApiFactory("Production");
        using var client = factory.CreateClient();

        var body = await Post(client, Resolve, $$"""{"reference":"{{images.Registry.Host}}/team/app:1.0"}""");

        Assert.Equal("refused", (string?)body["resolution"]!["status"]);
        Assert.Null(body["resolution"]!["digest"]);
        var disabled = Diagnostic(body, "RESOLUTION_DISABLED");
        Assert.Equal("info", (string?)disabled["severity"]);
        Assert.Contains("Resolution:Enabled", (string?)disabled["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/amd64/v8/extra")]
    [InlineData("Linux/AMD64")]
    [InlineData("")]
    public async Task PostResolve_BadPlatform_Returns400NamingPlatform(string platform)
    {
        using var factory = new ApiFactory("Production");
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Resolve, ApiFactory.Json($$"""{"reference":"nginx:1.27","platform":"{{platform}}"}"""));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("platform"));
    }

    [Fact]
    public async Task PostBatch_Resolve_BoundsConcurrentLookups()
    {
        var inFlight = 0;
        var peak = 0;
        await using var server = new LoopbackServer(_ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            Thread.Sleep(150);
            Interlocked.Decrement(ref inFlight);
            return LoopbackServer.Response(404, "Not Found", ["Content-Type: application/json"], """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""");
        });
        var registry = $"127.0.0.1:{server.Port}";
        using var factory = Enabled(registry, extra: new Dictionary<string, string?>
        {
            ["Resolution:MaxConcurrentResolutions"] = "2",
            ["Resolution:SuggestNearbyTags"] = "false",
        });
        using var client = factory.CreateClient();
        var references = string.Join(",", Enumerable.Range(1, 8).Select(i => $"\"{registry}/team/app:{i}.0.0\""));

        var body = await Post(client, Batch, $$"""{"references":[{{references}}],"resolve":true}""");

        Assert.All(body["results"]!.AsArray(), r => Assert.Equal("notFound", (string?)r!["resolution"]!["status"]));
        Assert.InRange(peak, 1, 2);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
