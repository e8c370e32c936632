using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ImageRefApi.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace ImageRefApi.Tests;

[Collection(SharedHosts.Name)]
public sealed class ServiceTests(ApiHosts hosts)
{
    private static readonly string[] PostPaths = ["/v1/references/resolve", "/v1/references/validate", "/v1/references/validate/batch", "/v1/scan"];
    private static readonly string[] PostStatusCodes = ["200", "400", "413", "415", "500"];

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task GetDiagnostics_Always_ReturnsTheRegisteredCatalogSortedByCode(string environment)
    {
        var factory = hosts[environment];
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/v1/diagnostics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var catalog = factory.Services.GetRequiredService<DiagnosticCatalog>().Descriptors;
        Assert.Equal(catalog.Select(d => d.Code), entries.Select(e => (string)e!["code"]!));
        Assert.Equal(entries.Select(e => (string)e!["code"]!).Order(StringComparer.Ordinal), entries.Select(e => (string)e!["code"]!));
        Assert.All(entries, e => Assert.Equal(["code", "title", "severity", "description", "example"], e!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public async Task GetDiagnostics_EveryCodeTheCorpusProduces_IsInTheCatalog()
    {
        using var client = hosts.Production.CreateClient();
        var catalog = JsonNode.Parse(await client.GetStringAsync("/v1/diagnostics"))!.AsArray().Select(e => (string)e!["code"]!).ToHashSet();
        var inputs = Corpus.Read("conformance.jsonl").Concat(Corpus.Read("field-cases.jsonl")).Select(r => r.Input).ToList();

        var emitted = new HashSet<string>();
        foreach (var chunk in inputs.Chunk(1000))
        {
            using var response = await client.PostAsJsonAsync("/v1/references/validate/batch", new { references = chunk });
            var results = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]!.AsArray();
            emitted.UnionWith(results.SelectMany(r => r!["diagnostics"]!.AsArray()).Select(d => (string)d!["code"]!));
        }

        Assert.Empty(emitted.Except(catalog));
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task GetHealth_LiveAndReady_Return200SmallJson(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", (string?)JsonNode.Parse(await live.Content.ReadAsStringAsync())!["status"]);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal("healthy", (string?)body["checks"]!["parser"]!["status"]);
        Assert.Equal("healthy", (string?)body["checks"]!["configuration"]!["status"]);
    }

    [Theory]
    [InlineData("Api:MaxBatchSize", "0")]
    [InlineData("Api:MaxRequestBodyBytes", "10")]
    [InlineData("Parser:MaxInputLength", "0")]
    public async Task GetHealthReady_InvalidConfiguration_Returns503ButLiveStays200(string key, string value)
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { [key] = value });
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unhealthy", (string?)JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task PostBatch_ConfiguredMaxBatchSize_IsEnforced()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Api:MaxBatchSize"] = "2" });
        using var client = factory.CreateClient();

        using var two = await client.PostAsJsonAsync("/v1/references/validate/batch", new { references = Enumerable.Repeat("nginx", 2) });
        using var three = await client.PostAsJsonAsync("/v1/references/validate/batch", new { references = Enumerable.Repeat("nginx", 3) });

        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        var problem = await Problems.Read(three, HttpStatusCode.BadRequest);
        Assert.Contains("at most 2", problem["errors"]!["references"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task GetSwaggerJson_Always_LoadsWithoutErrorsAndHasExamplesForEveryEndpoint(string environment)
    {
        using var client = hosts[environment].CreateClient();
        await using var stream = await client.GetStreamAsync("/swagger/v1/swagger.json");

        var result = await OpenApiDocument.LoadAsync(stream, "json", new OpenApiReaderSettings());

        Assert.Empty(result.Diagnostic!.Errors);
        Assert.Empty(result.Diagnostic.Warnings);
        var document = result.Document!;
        Assert.Equal(
            ["/health/live", "/health/ready", "/v1/diagnostics", "/v1/policies", "/v1/policies/{name}", "/v1/references/resolve", "/v1/references/validate", "/v1/references/validate/batch", "/v1/scan"],
            document.Paths.Keys.Order(StringComparer.Ordinal));
        foreach (var path in PostPaths)
        {
            var operation = document.Paths[path].Operations![HttpMethod.Post];
            Assert.False(string.IsNullOrEmpty(operation.Summary));
            Assert.False(string.IsNullOrEmpty(operation.Description));
            Assert.NotEmpty(operation.RequestBody!.Content!["application/json"].Examples!);
            Assert.Equal(PostStatusCodes, operation.Responses!.Keys.Order(StringComparer.Ordinal));
            Assert.All(PostStatusCodes, code => Assert.All(operation.Responses[code].Content!.Values, media => Assert.NotEmpty(media.Examples!)));
        }

        var validate = document.Paths["/v1/references/validate"].Operations![HttpMethod.Post];
        var hf = validate.Responses!["200"].Content!["application/json"].Examples!["huggingface"].Value!;
        Assert.Equal("huggingface-pytorch-training:xxxx:latest", (string?)hf["input"]);
        Assert.False((bool)hf["valid"]!);
        Assert.NotEmpty(document.Paths["/v1/diagnostics"].Operations![HttpMethod.Get].Responses!["200"].Content!.Values.Single().Examples!);

        // Named and inline policies, with their real verdicts, and the policy problems.
        var requests = validate.RequestBody!.Content!["application/json"].Examples!;
        Assert.Equal("strict", (string?)requests["namedPolicy"].Value!["policy"]);
        Assert.Equal("docker.io/library/", (string?)requests["inlinePathBoundary"].Value!["policy"]!["allowedRegistries"]![0]);
        var responses = validate.Responses!["200"].Content!["application/json"].Examples!;
        Assert.Equal("strict", (string?)responses["namedPolicy"].Value!["policy"]!["name"]);
        Assert.False((bool)responses["namedPolicy"].Value!["policy"]!["compliant"]!);
        Assert.Equal("inline", (string?)responses["inlinePolicy"].Value!["policy"]!["name"]);
        Assert.Contains(responses["inlinePolicy"].Value!["diagnostics"]!.AsArray(), d => (string?)d!["code"] == "POLICY_REGISTRY_NOT_ALLOWED");
        Assert.Contains(responses["inlinePathBoundary"].Value!["diagnostics"]!.AsArray(), d => (string?)d!["code"] == "POLICY_REGISTRY_NOT_ALLOWED");
        Assert.True((bool)responses["permissivePolicy"].Value!["policy"]!["compliant"]!);
        var problems = validate.Responses["400"].Content!.Values.Single().Examples!;
        Assert.Contains("policy", problems["unknownPolicy"].Value!["errors"]!.AsObject().Select(p => p.Key));
        Assert.Contains("policy.allowedRegistries[0]", problems["invalidInlinePolicy"].Value!["errors"]!.AsObject().Select(p => p.Key));
        Assert.Contains("policy.disalowLatest", problems["invalidInlinePolicy"].Value!["errors"]!.AsObject().Select(p => p.Key));

        // Every status of the GET endpoints has an example.
        var list = document.Paths["/v1/policies"].Operations![HttpMethod.Get];
        Assert.Equal(["200", "500"], list.Responses!.Keys.Order(StringComparer.Ordinal));
        var detail = document.Paths["/v1/policies/{name}"].Operations![HttpMethod.Get];
        Assert.Equal(["200", "404", "500"], detail.Responses!.Keys.Order(StringComparer.Ordinal));
        Assert.All([list, detail], op => Assert.All(op.Responses!.Values, r => Assert.NotEmpty(r.Content!.Values.Single().Examples!)));
        var resolve = document.Paths["/v1/references/resolve"].Operations![HttpMethod.Post].Responses!["200"].Content!.Values.Single().Examples!;
        Assert.Equal("RESOLUTION_DISABLED", (string?)resolve["disabled"].Value!["diagnostics"]![0]!["code"]);
        Assert.Null(resolve["invalid"].Value!["resolution"]);
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task GetSwaggerUi_Always_ServesHtml(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
