using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageRefApi.Tests;

[Collection(SharedHosts.Name)]
public sealed class ReferencesApiTests(ApiHosts hosts)
{
    private const string Validate = "/v1/references/validate";
    private const string Batch = "/v1/references/validate/batch";

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostValidate_ValidReference_ReturnsComponentsWithExactFieldNames(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"nginx"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["input", "valid", "reference", "tag", "engines", "policy", "resolution", "diagnostics"], body.Select(p => p.Key));
        Assert.True(body["valid"]!.GetValue<bool>());
        var reference = body["reference"]!.AsObject();
        Assert.Equal(["registry", "repository", "tag", "digest", "canonical", "familiar", "registryImplicit", "tagImplicit"], reference.Select(p => p.Key));
        Assert.Equal("docker.io", (string?)reference["registry"]);
        Assert.Equal("library/nginx", (string?)reference["repository"]);

        // Nulls are written, not omitted.
        Assert.True(reference.ContainsKey("tag") && reference["tag"] is null);
        Assert.Equal("docker.io/library/nginx:latest", (string?)reference["canonical"]);
        Assert.True((bool)reference["tagImplicit"]!);
        Assert.Equal("""{"docker":{"valid":true,"error":null},"podman":{"valid":true,"error":null}}""", body["engines"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostValidate_InvalidReference_Returns200WithEngineErrors(string environment)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json("""{"reference":"huggingface-pytorch-training:xxxx:latest"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False((bool)body["valid"]!);
        Assert.Null(body["reference"]);
        Assert.Equal("invalid reference format", (string?)body["engines"]!["docker"]!["error"]);
        Assert.NotNull(body["diagnostics"]!.AsArray());
    }

    [Fact]
    public async Task PostValidate_EveryConformanceRecord_AgreesWithCorpus()
    {
        using var client = hosts.Production.CreateClient();
        var failures = new List<string>();
        foreach (var record in Corpus.Read("conformance.jsonl"))
        {
            using var response = await client.PostAsJsonAsync(Validate, new { reference = record.Input });
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{JsonSerializer.Serialize(record.Input)}: HTTP {(int)response.StatusCode}");
                continue;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            failures.AddRange(CorpusComparison.Compare(record, body));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(40)));
    }

    [Fact]
    public async Task PostBatch_AllRealisticCorpusRecords_AgreeWithCorpus()
    {
        using var client = hosts.Production.CreateClient();
        var records = Corpus.Read("realistic-10k.jsonl");
        Assert.Equal(10_000, records.Count);
        var failures = new List<string>();
        foreach (var chunk in records.Chunk(1000))
        {
            using var response = await client.PostAsJsonAsync(Batch, new { references = chunk.Select(r => r.Input) });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var results = body["results"]!.AsArray();
            Assert.Equal(chunk.Length, results.Count);
            for (var i = 0; i < chunk.Length; i++)
            {
                failures.AddRange(CorpusComparison.Compare(chunk[i], results[i]!));
            }

            var summary = body["summary"]!;
            Assert.Equal(chunk.Length, (int)summary["total"]!);
            Assert.Equal(chunk.Count(r => r.Docker.Valid), (int)summary["valid"]!);
            Assert.Equal(chunk.Count(r => !r.Docker.Valid), (int)summary["invalid"]!);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} disagreements:\n" + string.Join('\n', failures.Take(40)));
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostBatch_MixedReferences_ReturnsResultsInOrderWithSummary(string environment)
    {
        using var client = hosts[environment].CreateClient();
        string[] inputs = ["nginx:1.27", "Nginx", "", "ghcr.io/acme/api@sha256:" + new string('a', 64)];

        using var response = await client.PostAsJsonAsync(Batch, new { references = inputs });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(inputs, body["results"]!.AsArray().Select(r => (string)r!["input"]!));
        Assert.Equal([true, false, false, true], body["results"]!.AsArray().Select(r => (bool)r!["valid"]!));
        var summary = body["summary"]!.AsObject();
        Assert.Equal(["total", "valid", "invalid", "nonCompliant", "errors", "warnings"], summary.Select(p => p.Key));
        Assert.Equal(4, (int)summary["total"]!);
        Assert.Equal(2, (int)summary["valid"]!);
        Assert.Equal(2, (int)summary["invalid"]!);
        var diagnostics = body["results"]!.AsArray().SelectMany(r => r!["diagnostics"]!.AsArray()).ToList();
        Assert.Equal(diagnostics.Count(d => (string?)d!["severity"] == "error"), (int)summary["errors"]!);
        Assert.Equal(diagnostics.Count(d => (string?)d!["severity"] == "warning"), (int)summary["warnings"]!);
    }

    public static TheoryData<string, string> HostileBodies => new()
    {
        { "Development", """{"reference":"nginx\u0000:1"}""" },
        { "Production", """{"reference":"nginx\u0000:1"}""" },
        { "Production", """{"reference":"\u001b[31mred\u001b[0m\r\nINFO forged log line"}""" },
        { "Development", """{"reference":"\ud800"}""" },
        { "Production", """{"reference":"nginx:\udfff"}""" },
        { "Production", """{"reference":"\ud83d\ude00"}""" },
        { "Production", """{"reference":"nginx\u202e:1"}""" },
        { "Production", "{\"reference\":\"" + new string('a', 100_000) + "\"}" },
        { "Production", """{"reference":"","policy":"strict"}""" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task PostValidate_HostileInput_Answers200Or400NeverServerError(string environment, string json)
    {
        using var client = hosts[environment].CreateClient();

        using var response = await client.PostAsync(Validate, ApiFactory.Json(json));

        await AssertNotServerError(response);
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostValidate_InvalidUtf8Bytes_Answers400ProblemNamingFieldAndWhere(string environment)
    {
        using var client = hosts[environment].CreateClient();
        var bytes = Encoding.UTF8.GetBytes("""{"reference":"nginx""").Concat(new byte[] { 0xff, 0xfe, 0xc3 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        using var response = await client.PostAsync(Validate, ApiFactory.JsonBytes(bytes));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.Contains("line 1", (string?)problem["errors"]!["reference"]![0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Environments.Both), MemberType = typeof(Environments))]
    public async Task PostValidate_ControlCharacters_EchoedExactlyInInput(string environment)
    {
        using var client = hosts[environment].CreateClient();
        const string input = "nginx\u0000\u001b[31m\r\n";

        using var response = await client.PostAsJsonAsync(Validate, new { reference = input });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(input, (string?)body["input"]);
        Assert.False((bool)body["valid"]!);
    }

    private static async Task AssertNotServerError(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"HTTP {(int)response.StatusCode}: {text}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            var body = JsonNode.Parse(text)!;
            Assert.NotNull(body["engines"]);
            Assert.NotNull(body["diagnostics"]);
        }
    }
}

internal static class CorpusComparison
{
    public static IEnumerable<string> Compare(CorpusRecord record, JsonNode result)
    {
        var d = record.Docker;
        var r = result["reference"];
        var fields = new (string Name, object? Expected, object? Actual)[]
        {
            ("input", record.Input, (string?)result["input"]),
            ("valid", d.Valid, (bool)result["valid"]!),
            ("docker.valid", d.Valid, (bool)result["engines"]!["docker"]!["valid"]!),
            ("docker.error", d.Error, (string?)result["engines"]!["docker"]!["error"]),
            ("podman.valid", record.Podman.Valid, (bool)result["engines"]!["podman"]!["valid"]!),
            ("podman.error", record.Podman.Error, (string?)result["engines"]!["podman"]!["error"]),
            ("registry", d.Registry, (string?)r?["registry"]),
            ("repository", d.Repository, (string?)r?["repository"]),
            ("tag", d.Tag, (string?)r?["tag"]),
            ("digest", d.Digest, (string?)r?["digest"]),
            ("canonical", d.Canonical, (string?)r?["canonical"]),
            ("familiar", d.Familiar, (string?)r?["familiar"]),
        };
        return fields.Where(f => !Equals(f.Expected, f.Actual))
            .Select(f => $"{JsonSerializer.Serialize(record.Input)} {f.Name}: expected «{f.Expected}», got «{f.Actual}»");
    }
}
