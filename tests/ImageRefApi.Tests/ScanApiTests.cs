using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ImageRefApi.Core.Scanning;
using NJsonSchema;

namespace ImageRefApi.Tests;

[Collection(SharedHosts.Name)]
public sealed class ScanApiTests(ApiHosts hosts)
{
    private const string Scan = "/v1/scan";

    private static readonly Lazy<JsonSchema> SarifSchema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "schemas", "sarif-schema-2.1.0.json"))).GetAwaiter().GetResult());

    internal const string MultiStageDockerfile = """
        # syntax=docker/dockerfile:1.7
        ARG GO_VERSION=1.22
        ARG BASE
        FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
        RUN --mount=type=cache,target=/go/pkg/mod,from=ghcr.io/acme/gomod-cache:2024 \
            go build -o /out/app ./cmd/app

        FROM ${BASE} AS runtime-base

        FROM gcr.io/distroless/static:nonroot
        COPY --from=build /out/app /app
        COPY --from=Busybox:1.36 /bin/busybox /busybox
        COPY --from=0 /etc/ssl /etc/ssl
        ENTRYPOINT ["/app"]
        """;

    internal const string ComposeFile = """
        services:
          web:
            image: "ghcr.io/acme/web:${WEB_TAG:-2.4.1}"
          db:
            image: postgres:16
          cache:
            image: redis:${REDIS_TAG}
          worker:
            build: ./worker
        """;

    internal const string HelmRendered = """
        ---
        # Source: app/templates/cronjob.yaml
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: backup
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  initContainers:
                    - name: wait
                      image: busybox:1.36
                  containers:
                    - name: backup
                      image: ghcr.io/acme/backup:1.2.0
                  ephemeralContainers:
                    - name: debug
                      image: nicolaka/netshoot
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
        """;

    public static TheoryData<string, string, string[]> Kinds => new()
    {
        {
            "dockerfile", MultiStageDockerfile,
            [
                "# syntax|docker/dockerfile:1.7",
                "FROM|golang:1.22-alpine",
                "RUN --mount|ghcr.io/acme/gomod-cache:2024",
                "FROM|(unresolved)",
                "FROM|gcr.io/distroless/static:nonroot",
                "COPY --from|Busybox:1.36",
            ]
        },
        {
            "compose", ComposeFile,
            [
                "services.web.image|ghcr.io/acme/web:2.4.1",
                "services.db.image|postgres:16",
                "services.cache.image|(unresolved)",
            ]
        },
        {
            "kubernetes", HelmRendered,
            [
                "spec.jobTemplate.spec.template.spec.initContainers[0].image|busybox:1.36",
                "spec.jobTemplate.spec.template.spec.containers[0].image|ghcr.io/acme/backup:1.2.0",
                "spec.jobTemplate.spec.template.spec.ephemeralContainers[0].image|nicolaka/netshoot",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task PostScan_EachKind_FindsEveryReferenceAtItsPlace(string kind, string content, string[] expected)
    {
        using var client = hosts.Production.CreateClient();

        var body = await PostScanAsync(client, new { kind, path = "file", content });

        Assert.Equal(kind, (string?)body["kind"]);
        Assert.Equal(["kind", "findings", "diagnostics", "summary"], body.AsObject().Select(p => p.Key));
        var findings = body["findings"]!.AsArray();
        Assert.Equal(expected, findings.Select(f => $"{f!["context"]}|{(string?)f["resolved"] ?? "(unresolved)"}"));
        foreach (var finding in findings)
        {
            Assert.Equal(["reference", "resolved", "location", "context", "resource", "substitutions", "result"], finding!.AsObject().Select(p => p.Key));
            Assert.Equal((string?)finding["reference"], TextAt(content, finding["location"]!));
            Assert.Equal(finding["resolved"] is null, finding["result"] is null);
        }

        var summary = body["summary"]!;
        Assert.Equal(findings.Count, (int)summary["findings"]!);
        Assert.Equal(findings.Count(f => f!["resolved"] is null), (int)summary["unresolved"]!);
    }

    [Fact]
    public async Task PostScan_FindingResult_IsTheValidateResultWithFileLocations()
    {
        using var client = hosts.Production.CreateClient();
        var body = await PostScanAsync(client, new { kind = "dockerfile", content = MultiStageDockerfile });
        var checkedResults = 0;

        foreach (var finding in body["findings"]!.AsArray().Where(f => f!["resolved"] is not null))
        {
            var result = finding!["result"]!.DeepClone().AsObject();
            foreach (var diagnostic in result["diagnostics"]!.AsArray())
            {
                // Every diagnostic of a result carries its file location, within the reference as written.
                var location = diagnostic!["location"]!;
                Assert.InRange((int)location["line"]!, (int)finding["location"]!["line"]!, (int)finding["location"]!["endLine"]!);
                diagnostic.AsObject().Remove("location");
            }

            using var validate = await client.PostAsJsonAsync("/v1/references/validate", new { reference = (string)finding["resolved"]! });
            var expected = JsonNode.Parse(await validate.Content.ReadAsStringAsync())!;
            Assert.True(JsonNode.DeepEquals(expected, result), $"scan: {result.ToJsonString()}\nvalidate: {expected.ToJsonString()}");
            checkedResults++;
        }

        Assert.Equal(5, checkedResults);
    }

    [Fact]
    public async Task PostScan_DiagnosticSpan_MapsToTheCharactersInTheFile()
    {
        using var client = hosts.Production.CreateClient();
        const string Content = "FROM alpine:3.20\nCOPY --from=Busybox:1.36 /bin/busybox /busybox\n";

        var body = await PostScanAsync(client, new { kind = "dockerfile", content = Content });

        var finding = body["findings"]!.AsArray().Single(f => (string?)f!["context"] == "COPY --from")!;
        var uppercase = finding["result"]!["diagnostics"]!.AsArray().Single(d => (string?)d!["code"] == "PATH_UPPERCASE")!;
        var span = uppercase["span"]!;
        var resolved = (string)finding["resolved"]!;
        Assert.Equal(resolved.Substring((int)span["start"]!, (int)span["length"]!), TextAt(Content, uppercase["location"]!));
        Assert.Equal(2, (int)uppercase["location"]!["line"]!);
    }

    [Fact]
    public async Task PostScan_ArgSubstitution_NamesTheArgLineThatSuppliedTheValue()
    {
        using var client = hosts.Production.CreateClient();
        const string Content = "ARG REGISTRY=ghcr.io\n\nARG TAG=1.4\nFROM ${REGISTRY}/acme/base:$TAG\n";

        var body = await PostScanAsync(client, new { kind = "dockerfile", content = Content });

        var finding = Assert.Single(body["findings"]!.AsArray())!;
        Assert.Equal("${REGISTRY}/acme/base:$TAG", (string?)finding["reference"]);
        Assert.Equal("ghcr.io/acme/base:1.4", (string?)finding["resolved"]);
        Assert.Equal(
            """[{"name":"REGISTRY","value":"ghcr.io","line":1},{"name":"TAG","value":"1.4","line":3}]""",
            finding["substitutions"]!.ToJsonString());
    }

    [Fact]
    public async Task PostScan_UnresolvableArg_IsAWarningNamingTheVariable()
    {
        using var client = hosts.Production.CreateClient();

        var body = await PostScanAsync(client, new { kind = "dockerfile", content = "ARG BASE\nFROM ${BASE}\n" });

        var finding = Assert.Single(body["findings"]!.AsArray())!;
        Assert.Null(finding["resolved"]);
        Assert.Null(finding["result"]);
        var warning = Assert.Single(body["diagnostics"]!.AsArray(), d => (string?)d!["code"] == ScanDiagnostics.UnresolvedVariable)!;
        Assert.Equal("warning", (string?)warning["severity"]);
        Assert.Contains("BASE", (string?)warning["message"], StringComparison.Ordinal);
        Assert.Equal(2, (int)warning["location"]!["line"]!);
    }

    public static TheoryData<string, string, string> AutoCases => new()
    {
        { "FROM alpine:3.20\nRUN true\n", "", "dockerfile" },
        { "services:\n  web:\n    image: nginx:1.27\n", "", "compose" },
        { "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n", "", "kubernetes" },
        { "FROM alpine:3.20\n", "build/Containerfile", "dockerfile" },
        { "hello: world\n", "", "auto" },
    };

    [Theory]
    [MemberData(nameof(AutoCases))]
    public async Task PostScan_AutoKind_DetectsTheKindFromContentAndPath(string content, string path, string expected)
    {
        using var client = hosts.Production.CreateClient();

        var body = await PostScanAsync(client, new { kind = "auto", path = path.Length == 0 ? null : path, content });

        Assert.Equal(expected, (string?)body["kind"]);
        if (expected == "auto")
        {
            Assert.Contains(body["diagnostics"]!.AsArray(), d => (string?)d!["code"] == ScanDiagnostics.UnknownKind);
        }
        else
        {
            Assert.NotEmpty(body["findings"]!.AsArray());
        }
    }

    [Fact]
    public async Task PostScan_KindOmitted_MeansAuto()
    {
        using var client = hosts.Production.CreateClient();

        var body = await PostScanAsync(client, new { content = "services:\n  web:\n    image: nginx:1.27\n" });

        Assert.Equal("compose", (string?)body["kind"]);
    }

    public static TheoryData<string, string, int> MalformedFiles => new()
    {
        { "compose", "services:\n  web:\n    image: [nginx\n  db:\n    image: postgres:16\n", 3 },
        { "kubernetes", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: \"nginx\n", 5 },
        { "compose", "services:\n  web:\n    image: nginx:1.27\n   ports: [80]\n", 4 },
        { "dockerfile", "FROM alpine:3.20\nFORM alpine\n", 2 },
        { "dockerfile", "FROM alpine:3.20 AS\n", 1 },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task PostScan_MalformedFile_Returns200WithPositionedFileDiagnostic(string kind, string content, int line)
    {
        using var client = hosts.Production.CreateClient();

        var body = await PostScanAsync(client, new { kind, content });

        var error = body["diagnostics"]!.AsArray().First(d => (string?)d!["severity"] == "error")!;
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        Assert.Equal(line, (int)error["location"]!["line"]!);
        Assert.True((int)error["location"]!["column"]! >= 1);
        Assert.True((int)body["summary"]!["errors"]! >= 1);
    }

    public static TheoryData<string, string, string> SarifCases => new()
    {
        { "dockerfile", "Dockerfile", MultiStageDockerfile },
        { "compose", "deploy/compose.yaml", ComposeFile },
        { "kubernetes", "k8s/backup cron.yaml", HelmRendered },
        { "compose", "broken.yaml", "services:\n  web:\n    image: [nginx\n" },
        { "auto", "", "hello: world\n" },
    };

    [Theory]
    [MemberData(nameof(SarifCases))]
    public async Task PostScan_SarifFormat_ValidatesAgainstTheSarifSchema(string kind, string path, string content)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsJsonAsync($"{Scan}?format=sarif", new { kind, path = path.Length == 0 ? null : path, content });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/sarif+json", response.Content.Headers.ContentType?.MediaType);
        var errors = SarifSchema.Value.Validate(text);
        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => $"{e.Path}: {e.Kind}")));

        var run = JsonNode.Parse(text)!["runs"]!.AsArray().Single()!;
        Assert.Equal("ImageRefApi", (string?)run["tool"]!["driver"]!["name"]);
        using var json = await client.PostAsJsonAsync(Scan, new { kind, path = path.Length == 0 ? null : path, content });
        var summary = JsonNode.Parse(await json.Content.ReadAsStringAsync())!["summary"]!;
        var results = run["results"]!.AsArray();
        Assert.Equal((int)summary["errors"]! + (int)summary["warnings"]! + (int)summary["infos"]!, results.Count);
        foreach (var result in results)
        {
            var region = result!["locations"]![0]!["physicalLocation"]!["region"]!;
            Assert.True((int)region["startLine"]! >= 1 && (int)region["startColumn"]! >= 1, result.ToJsonString());
        }
    }

    [Fact]
    public async Task PostScan_SarifRules_AreTheWholeDiagnosticsCatalog()
    {
        using var client = hosts.Production.CreateClient();
        var catalog = JsonNode.Parse(await client.GetStringAsync("/v1/diagnostics"))!.AsArray().Select(d => (string)d!["code"]!).ToList();

        using var response = await client.PostAsJsonAsync($"{Scan}?format=SARIF", new { kind = "dockerfile", content = "FROM alpine\n" });

        var rules = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Equal(catalog, rules.Select(r => (string)r!["id"]!));
        Assert.Subset(catalog.ToHashSet(), ScanDiagnostics.Descriptors.Select(d => d.Code).ToHashSet());
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "", "", "body" },
        { "", "{}", "content" },
        { "", """{"kind":"dockerfile"}""", "content" },
        { "", """{"kind":"dockerfile","content":null}""", "content" },
        { "", """{"kind":"dockerfile","content":42}""", "content" },
        { "", """{"kind":"dockerfile","content":["FROM alpine"]}""", "content" },
        { "", """{"kind":"helm","content":"FROM alpine"}""", "kind" },
        { "", """{"kind":"","content":"FROM alpine"}""", "kind" },
        { "", """{"kind":1,"content":"FROM alpine"}""", "kind" },
        { "", """{"kind":"dockerfile","path":7,"content":"FROM alpine"}""", "path" },
        { "", """{"kind":"dockerfile","content":"FROM alpine","policy":7}""", "policy" },
        { "?format=xml", """{"kind":"dockerfile","content":"FROM alpine"}""", "format" },
        { "?format=", """{"kind":"dockerfile","content":"FROM alpine"}""", "format" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task PostScan_BadRequest_Returns400ValidationProblemNamingTheField(string query, string json, string field)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(Scan + query, ApiFactory.Json(json));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"FROM alpine\"")]
    [InlineData("not json")]
    [InlineData("""{"kind":"dockerfile","content":"FROM alpine""")]
    public async Task PostScan_BodyIsNotAScanRequest_Returns400Problem(string json)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(Scan, ApiFactory.Json(json));

        var problem = await Problems.Read(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
    }

    [Fact]
    public async Task PostScan_TextPlainBody_Returns415Problem()
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsync(Scan, new StringContent("FROM alpine\n", Encoding.UTF8, "text/plain"));

        await Problems.Read(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task PostScan_ContentOverMaxScanContentBytes_Returns413Problem()
    {
        using var factory = new ApiFactory("Production", new Dictionary<string, string?> { ["Api:MaxScanContentBytes"] = "1024" });
        using var client = factory.CreateClient();
        var fits = "FROM alpine\n" + new string('#', 1024 - 12);

        using var ok = await client.PostAsJsonAsync(Scan, new { kind = "dockerfile", content = fits });
        using var ascii = await client.PostAsJsonAsync(Scan, new { kind = "dockerfile", content = fits + "#" });

        // 600 characters but 1,200 UTF-8 bytes: the limit counts bytes.
        using var multibyte = await client.PostAsJsonAsync(Scan, new { kind = "dockerfile", content = "FROM alpine\n# " + new string('é', 600) });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var problem = await Problems.Read(ascii, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("Api:MaxScanContentBytes", (string?)problem["detail"], StringComparison.Ordinal);
        await Problems.Read(multibyte, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PostScan_TenThousandLineDockerfile_ScansEveryStage()
    {
        using var client = hosts.Production.CreateClient();
        var content = new StringBuilder("ARG TAG=1.0\n");
        const int Stages = 2000;
        for (var i = 0; i < Stages; i++)
        {
            content.Append(CultureInfo.InvariantCulture, $"FROM registry.example.com/team/image-{i}:${{TAG}} AS s{i}\n");
            content.Append(CultureInfo.InvariantCulture, $"COPY --from={(i == 0 ? "0" : $"s{i - 1}")} /out /out\n");
            content.Append("# build\nRUN make \\\n    all\n");
        }

        var text = content.ToString();
        Assert.True(text.Split('\n').Length > 10_000);

        var body = await PostScanAsync(client, new { kind = "dockerfile", content = text });

        var summary = body["summary"]!;
        Assert.Equal(Stages, (int)summary["findings"]!);
        Assert.Equal(Stages, (int)summary["valid"]!);
        Assert.Equal(0, (int)summary["errors"]!);
        var last = body["findings"]!.AsArray()[^1]!;
        Assert.Equal($"registry.example.com/team/image-{Stages - 1}:1.0", (string?)last["resolved"]);
        Assert.Equal(2 + ((Stages - 1) * 5), (int)last["location"]!["line"]!);
    }

    public static TheoryData<string, string> HostileFiles => new()
    {
        { "compose", new string('[', 5000) },
        { "kubernetes", string.Concat(Enumerable.Repeat("- ", 3000)) + "x" },
        { "auto", "\u0000\u0001\u0002\uFFFF" + new string('\\', 3000) },
        { "dockerfile", "FROM " + new string('a', 100_000) },
        { "dockerfile", "# escape=`\nFROM alpine `\n`\n" },
        { "dockerfile", "FROM alpine\nRUN <<EOF\nnever closed\n" },
        { "compose", "a: &a [*a]\nservices: *a\n" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task PostScan_HostileContent_NeverAnswers500(string kind, string content)
    {
        using var client = hosts.Production.CreateClient();

        using var response = await client.PostAsJsonAsync(Scan, new { kind, content });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["summary"]);
    }

    [Fact]
    public async Task PostScan_EveryPrefixOfRealFiles_NeverAnswers500()
    {
        // Cutting a file anywhere leaves unclosed quotes, flows, heredocs and continuations: the YAML library's
        // and the Dockerfile reader's error paths, which must all end as diagnostics.
        using var client = hosts.Production.CreateClient();
        var failures = new List<string>();
        foreach (var (kind, content) in new[] { ("dockerfile", MultiStageDockerfile), ("compose", ComposeFile), ("kubernetes", HelmRendered), ("auto", HelmRendered) })
        {
            for (var cut = 0; cut <= content.Length; cut += 3)
            {
                using var response = await client.PostAsJsonAsync(Scan, new { kind, content = content[..cut] + (cut % 2 == 0 ? "[\n" : "") });
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{kind} cut at {cut}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task PostScan_PolicyField_IsAcceptedByNameAndAsObject()
    {
        using var client = hosts.Production.CreateClient();

        using var named = await client.PostAsJsonAsync(Scan, new { kind = "dockerfile", content = "FROM alpine:3.20\n", policy = "default" });
        using var inline = await client.PostAsJsonAsync(Scan, new { kind = "dockerfile", content = "FROM alpine:3.20\n", policy = new { disallowLatest = true } });

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
    }

    [Fact]
    public async Task GetDiagnostics_Catalog_ListsEveryScanCode()
    {
        using var client = hosts.Production.CreateClient();

        var catalog = JsonNode.Parse(await client.GetStringAsync("/v1/diagnostics"))!.AsArray().Select(d => (string)d!["code"]!).ToHashSet();

        Assert.Subset(catalog, ScanDiagnostics.Descriptors.Select(d => d.Code).ToHashSet());
    }

    [Fact]
    public async Task OpenApi_ScanOperation_DocumentsExamplesAndEveryStatus()
    {
        using var client = hosts.Production.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;

        var operation = document["paths"]!["/v1/scan"]!["post"]!;
        Assert.False(string.IsNullOrEmpty((string?)operation["summary"]));
        Assert.Contains("SARIF", (string?)operation["description"], StringComparison.Ordinal);
        Assert.Equal(["dockerfile", "compose", "kubernetesWithPolicy"], operation["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject().Select(e => e.Key));
        var responses = operation["responses"]!.AsObject();
        Assert.Equal(["200", "400", "413", "415", "500"], responses.Select(r => r.Key).Order(StringComparer.Ordinal));
        foreach (var (status, response) in responses)
        {
            foreach (var (media, content) in response!["content"]!.AsObject())
            {
                Assert.True(content!["examples"]?.AsObject().Count > 0, $"{status} {media} has no example");
            }
        }

        // The response examples are what the service answers for the request examples.
        var requests = operation["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        var answers = responses["200"]!["content"]!["application/json"]!["examples"]!.AsObject();
        foreach (var (name, example) in requests)
        {
            using var response = await client.PostAsync(Scan, ApiFactory.Json(example!["value"]!.ToJsonString()));
            var actual = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(JsonNode.DeepEquals(answers[name]!["value"], actual), name);
        }

        using var sarif = await client.PostAsync($"{Scan}?format=sarif", ApiFactory.Json(requests["dockerfile"]!["value"]!.ToJsonString()));
        var sarifExample = responses["200"]!["content"]!["application/sarif+json"]!["examples"]!["dockerfile"]!["value"]!.AsObject();
        var actualSarif = JsonNode.Parse(await sarif.Content.ReadAsStringAsync())!.AsObject();

        // The served log names the tool version; the document's example does not.
        actualSarif["runs"]![0]!["tool"]!["driver"]!.AsObject().Remove("version");
        Assert.True(JsonNode.DeepEquals(sarifExample, actualSarif));
    }

    internal static async Task<JsonNode> PostScanAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync(Scan, request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    /// <summary>The text at a 1-based location with an exclusive end column, read back from the content.</summary>
    internal static string TextAt(string content, JsonNode location)
    {
        var lines = content.ReplaceLineEndings("\n").Split('\n');
        int line = (int)location["line"]!, column = (int)location["column"]!, endLine = (int)location["endLine"]!, endColumn = (int)location["endColumn"]!;
        if (line == endLine)
        {
            return lines[line - 1][(column - 1)..(endColumn - 1)];
        }

        var parts = new List<string> { lines[line - 1][(column - 1)..] };
        parts.AddRange(lines[line..(endLine - 1)]);
        parts.Add(lines[endLine - 1][..(endColumn - 1)]);
        return string.Join('\n', parts);
    }
}
