using System.Net;
using System.Text.Json.Nodes;
using ImageRefApi.Infrastructure;

namespace ImageRefApi.Tests;

/// <summary>
/// What a person finds in Swagger UI: the how-to, the links, and examples that are true — each request example,
/// sent to the real endpoint, gets exactly the documented response.
/// </summary>
[Collection(SharedHosts.Name)]
public sealed class SwaggerDocumentTests(ApiHosts hosts)
{
    private const string Validate = "/v1/references/validate";
    private const string Batch = "/v1/references/validate/batch";
    private const string Resolve = "/v1/references/resolve";

    [Fact]
    public async Task SwaggerJson_Description_HasThreeStepHowToAndLinksToCatalogAndPolicies()
    {
        var description = (string)(await Document(hosts.Production))["info"]!["description"]!;

        Assert.Contains("(/v1/diagnostics)", description, StringComparison.Ordinal);
        Assert.Contains("(/v1/policies)", description, StringComparison.Ordinal);
        var steps = description.Split('\n').Where(l => l.Length > 3 && char.IsAsciiDigit(l[0]) && l[1] == '.').ToList();
        Assert.Equal(["1.", "2.", "3."], steps.Select(s => s[..2]));
        Assert.Contains("Try it out", steps[0], StringComparison.Ordinal);
        Assert.Contains("Examples", steps[1], StringComparison.Ordinal);
        Assert.Contains("Execute", steps[2], StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> RequestExampleNames => new()
    {
        { Validate, ["valid", "huggingface", "uppercase", "digest", "inlinePolicy", "namedPolicy", "permissivePolicy", "inlinePathBoundary", "resolve"] },
        { Batch, ["mixed", "inlinePolicy", "strict"] },
        { Resolve, ["tag", "platform", "invalid"] },
    };

    [Theory]
    [MemberData(nameof(RequestExampleNames))]
    public async Task SwaggerJson_RequestExamples_AreTheSelectableCasesInOrder(string path, string[] names)
    {
        var examples = RequestExamples(await Document(hosts.Production), path);

        Assert.Equal(names, examples.Select(e => e.Key));
        Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace((string?)e.Value!["summary"])));
    }

    [Theory]
    [InlineData(Validate)]
    [InlineData(Batch)]
    [InlineData(Resolve)]
    public async Task SwaggerJson_EveryRequestExample_IsAnsweredAsDocumented(string path)
    {
        var document = await Document(hosts.Production);
        var documented = document["paths"]![path]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["examples"]!.AsObject();
        using var client = hosts.Production.CreateClient();

        foreach (var (name, example) in RequestExamples(document, path))
        {
            using var response = await client.PostAsync(path, ApiFactory.Json(example!["value"]!.ToJsonString()));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {text}");
            if (documented[name] is { } expected)
            {
                Assert.True(JsonNode.DeepEquals(expected["value"], JsonNode.Parse(text)), $"{name}: the documented response differs from the real one: {text}");
            }
        }
    }

    public static TheoryData<string, string, string> ProblemExamples => new()
    {
        { Validate, "emptyBody", "" },
        { Validate, "missingReference", """{"ref": "nginx"}""" },
        { Validate, "policyNotNameOrObject", """{"reference": "nginx", "policy": 42}""" },
        { Batch, "missingReferences", "{}" },
        { Batch, "emptyBatch", """{"references": []}""" },
        { Batch, "nullItem", """{"references": ["nginx", null]}""" },
        { Validate, "unknownPolicy", """{"reference": "nginx", "policy": "prod"}""" },
        { Validate, "invalidInlinePolicy", """{"reference": "nginx", "policy": {"allowedRegistries": ["*example.com"], "disalowLatest": true}}""" },
        { Batch, "unknownPolicy", """{"references": ["nginx"], "policy": "prod"}""" },
        { Resolve, "missingReference", """{"ref": "nginx"}""" },
        { Resolve, "badPlatform", """{"reference": "nginx:1.27", "platform": "linux"}""" },
        { Resolve, "emptyBody", "" },
    };

    [Theory]
    [MemberData(nameof(ProblemExamples))]
    public async Task SwaggerJson_ValidationProblemExamples_AreWhatTheEndpointAnswers(string path, string name, string body)
    {
        var document = await Document(hosts.Production);
        var expected = document["paths"]![path]!["post"]!["responses"]!["400"]!["content"]!["application/problem+json"]!["examples"]![name]!["value"]!.AsObject();
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(path, ApiFactory.Json(body));
        var actual = await Problems.Read(response, HttpStatusCode.BadRequest);

        // The trace id is per request; everything else must match.
        actual.Remove("traceId");
        var documented = expected.DeepClone().AsObject();
        documented.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(documented, actual), $"documented {documented.ToJsonString()}, answered {actual.ToJsonString()}");
    }

    [Fact]
    public async Task SwaggerJson_ScanRoute_HasTheFileExamples()
    {
        await using var factory = new ApiFactory("Production");

        var examples = RequestExamples(await Document(factory), "/v1/scan");

        Assert.Equal(["dockerfile", "compose", "kubernetesWithPolicy"], examples.Select(e => e.Key));
        var dockerfile = examples.Single(e => e.Key == "dockerfile").Value!["value"]!;
        Assert.Equal("dockerfile", (string?)dockerfile["kind"]);
        Assert.Contains("FROM nginx:latest\n", (string?)dockerfile["content"], StringComparison.Ordinal);
        Assert.Equal(ApiExamples.InlinePolicy.GetRawText().Replace(" ", "", StringComparison.Ordinal), examples[^1].Value!["value"]!["policy"]!.ToJsonString());
    }

    [Theory]
    [InlineData("POST", "v1/scan", 3)]
    [InlineData("post", "/v1/scan/", 3)]
    [InlineData("GET", "v1/scan", 0)]
    [InlineData("POST", "v1/references/validate", 0)]
    [InlineData(null, null, 0)]
    public void ForRoute_MethodAndPath_SelectTheRouteExamples(string? method, string? path, int count) =>
        Assert.Equal(count, ApiExamples.ForRoute(method, path).Count());

    private static async Task<JsonNode> Document<T>(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<T> factory)
        where T : class
    {
        using var client = factory.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
    }

    private static List<KeyValuePair<string, JsonNode?>> RequestExamples(JsonNode document, string path) =>
        [.. document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject()];
}
