using System.Globalization;
using System.Text;
using System.Text.Json;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Scanning;
using Microsoft.Extensions.DependencyInjection;
using NJsonSchema;
using static ImageRefApi.Core.Tests.Scanning.ScanHelper;

namespace ImageRefApi.Core.Tests.Scanning;

/// <summary>
/// A judge shaped like a tag policy: the real parser, plus a warning spanning a ":latest" tag with a pinned
/// suggestion, so that span mapping and SARIF fixes are exercised end to end.
/// </summary>
internal static class PolicyJudge
{
    public const string Code = "POLICY_TAG_LATEST";

    private static readonly ReferenceParser Parser = new();

    public static ReferenceAnalysis Judge(string input)
    {
        var analysis = Parser.Analyze(input);
        if (analysis.Reference?.Tag != "latest")
        {
            return analysis;
        }

        var start = input.LastIndexOf(":latest", StringComparison.Ordinal) + 1;
        var pinned = input[..start] + "1.0";
        var policy = new Diagnostic(Code, Severity.Warning, "The tag 'latest' moves; pin a version.", new TextSpan(start, "latest".Length),
            [new Suggestion("Pin the tag", pinned)]);
        return analysis with { Diagnostics = [.. analysis.Diagnostics, policy] };
    }

    public static ScanReport Scan(ScanKind kind, string content, string? path) =>
        new FileScanner().Scan(new ScanInput(kind, path, content), Judge);
}

public sealed class DiagnosticMappingTests
{
    [Fact]
    public void Scan_LiteralReference_MapsSpanToTheExactCharacters()
    {
        const string compose = "services:\n  web:\n    image: \"nginx:latest\"\n";

        var report = PolicyJudge.Scan(ScanKind.Compose, compose, "compose.yaml");

        var policy = Assert.Single(report.Findings[0].Diagnostics, d => d.Diagnostic.Code == PolicyJudge.Code);
        Assert.Equal(new FileLocation(3, 19, 3, 25), policy.Location);
        Assert.Equal("latest", TextAt(compose, policy.Location));
        Assert.Equal(1, report.Summary.Warnings);
    }

    [Fact]
    public void Scan_SubstitutedReference_MapsSpanToTheWholeReference()
    {
        const string dockerfile = "ARG TAG=latest\nFROM nginx:${TAG}\n";

        var report = PolicyJudge.Scan(ScanKind.Dockerfile, dockerfile, "Dockerfile");

        var finding = Assert.Single(report.Findings);
        var policy = Assert.Single(finding.Diagnostics, d => d.Diagnostic.Code == PolicyJudge.Code);
        Assert.Equal(finding.Location, policy.Location);
        Assert.Equal("nginx:${TAG}", TextAt(dockerfile, policy.Location));
    }

    [Fact]
    public void Scan_SameReferenceTwice_JudgedOnce()
    {
        var calls = 0;
        var parser = new ReferenceParser();
        var report = new FileScanner().Scan(
            new ScanInput(ScanKind.Dockerfile, null, "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=alpine:3.20 / /\n"),
            s => { calls++; return parser.Analyze(s); });

        Assert.Equal(3, report.Findings.Count);
        Assert.Equal(1, calls);
    }
}

public sealed class SarifWriterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "schemas", "sarif-schema-2.1.0.json"))).GetAwaiter().GetResult());

    // The scanner's and the parser's descriptors plus the policy-shaped judge's, as the global catalog passes them.
    private static readonly IReadOnlyList<DiagnosticDescriptor> Rules =
    [
        .. ScanDiagnostics.Descriptors,
        .. ParserDiagnostics.Descriptors,
        new(PolicyJudge.Code, "Tag latest", Severity.Warning, "The latest tag moves.", "nginx:latest"),
    ];

    private const string Dockerfile = """
        # syntax=docker/dockerfile:1
        ARG TAG=latest
        FROM nginx:latest AS Web
        FROM web AS again
        FROM nginx:${TAG}
        FROM node:${NODE}
        COPY --from=Busybox:1.36 /bin/sh /bin/sh
        """;

    [Fact]
    public void Write_DockerfileReport_ValidatesAgainstSarif210Schema()
    {
        var report = PolicyJudge.Scan(ScanKind.Dockerfile, Dockerfile, "docker/web service/Dockerfile");

        var json = Encoding.UTF8.GetString(SarifWriter.ToUtf8Bytes(report, Rules, "1.0.0"));

        Assert.Empty(Schema.Value.Validate(json));
    }

    [Fact]
    public void Write_DockerfileReport_HasRulesResultsRegionsAndFixes()
    {
        var report = PolicyJudge.Scan(ScanKind.Dockerfile, Dockerfile, "docker/Dockerfile");

        using var doc = JsonDocument.Parse(SarifWriter.ToUtf8Bytes(report, Rules));
        var root = doc.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("ImageRefApi", driver.GetProperty("name").GetString());
        Assert.Equal(Rules.Select(r => r.Code), driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        var expected = report.Diagnostics.Count + report.Findings.Sum(f => f.Diagnostics.Count);
        Assert.Equal(expected, results.Count);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString()!;
            var rule = driver.GetProperty("rules")[result.GetProperty("ruleIndex").GetInt32()];
            Assert.Equal(ruleId, rule.GetProperty("id").GetString());
            Assert.True(result.GetProperty("level").GetString() is "error" or "warning" or "note");
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.Equal("docker/Dockerfile", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            var region = location.GetProperty("region");
            Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
            Assert.True(region.GetProperty("endColumn").GetInt32() > region.GetProperty("startColumn").GetInt32()
                || region.GetProperty("endLine").GetInt32() > region.GetProperty("startLine").GetInt32());
        }

        // The literal nginx:latest gets a fix replacing its region; the ARG-driven one does not (it would drop ${TAG}).
        var policy = results.Where(r => r.GetProperty("ruleId").GetString() == PolicyJudge.Code).ToList();
        Assert.Equal(2, policy.Count);
        var fix = Assert.Single(policy[0].GetProperty("fixes").EnumerateArray());
        var replacement = Assert.Single(Assert.Single(fix.GetProperty("artifactChanges").EnumerateArray()).GetProperty("replacements").EnumerateArray());
        Assert.Equal("nginx:1.0", replacement.GetProperty("insertedContent").GetProperty("text").GetString());
        var deleted = replacement.GetProperty("deletedRegion");
        Assert.Equal((3, 6, 3, 18), (deleted.GetProperty("startLine").GetInt32(), deleted.GetProperty("startColumn").GetInt32(),
            deleted.GetProperty("endLine").GetInt32(), deleted.GetProperty("endColumn").GetInt32()));
        Assert.False(policy[1].TryGetProperty("fixes", out _));

        var levels = results.DistinctBy(r => r.GetProperty("ruleId").GetString()! + "@" + r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ToString(CultureInfo.InvariantCulture)).ToDictionary(r => r.GetProperty("ruleId").GetString()! + "@" + r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ToString(CultureInfo.InvariantCulture), r => r.GetProperty("level").GetString());
        Assert.Equal("warning", levels[$"{ScanDiagnostics.DockerfileStageNameCasing}@3"]);
        Assert.Equal("warning", levels[$"{ScanDiagnostics.UnresolvedVariable}@6"]);
        // Busybox:1.36 is refused by Docker: an error at line 7, the parser's own or the scanner's fallback.
        Assert.Contains(results, r => r.GetProperty("level").GetString() == "error"
            && r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() == 7);
    }

    [Fact]
    public void Write_KubernetesAndComposeReports_ValidateWithoutPathToo()
    {
        var k8s = PolicyJudge.Scan(ScanKind.Kubernetes, "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: redis:latest\n  - image: Redis\n---\n[", null);
        var compose = PolicyJudge.Scan(ScanKind.Compose, "services:\n  a:\n    image: ${X}\n  b:\n    image: nginx:latest\n", "compose.yaml");

        foreach (var report in new[] { k8s, compose })
        {
            var json = Encoding.UTF8.GetString(SarifWriter.ToUtf8Bytes(report, Rules));
            Assert.Empty(Schema.Value.Validate(json));
        }
    }
}

public sealed class ScanScaleTests
{
    [Fact]
    public void Scan_TenThousandReferences_FindsThemAll()
    {
        var dockerfile = new StringBuilder("ARG REGISTRY=registry.example.com\n");
        var compose = new StringBuilder("services:\n");
        var k8s = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            dockerfile.Append(CultureInfo.InvariantCulture, $"FROM ${{REGISTRY}}/team/app{i}:1.{i} AS s{i}\nCOPY --from=s{i} /a /b\n");
            compose.Append(CultureInfo.InvariantCulture, $"  svc{i}:\n    image: ghcr.io/acme/svc{i}:${{TAG:-1.{i}}}\n");
            k8s.Append(CultureInfo.InvariantCulture, $"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  containers:\n  - name: c\n    image: quay.io/acme/p{i}:v{i}\n");
        }

        var reports = new[]
        {
            Scan(ScanKind.Dockerfile, dockerfile.ToString()),
            Scan(ScanKind.Compose, compose.ToString()),
            Scan(ScanKind.Auto, k8s.ToString()),
        };

        Assert.All(reports, r => Assert.Equal((10_000, 10_000), (r.Summary.Findings, r.Summary.Valid)));
        Assert.Equal(new FileLocation(20_000, 6, 20_000, 37), reports[0].Findings[^1].Location);
    }
}

public sealed class ScanningRegistrationTests
{
    [Fact]
    public void AddFileScanning_RegistersOneSingletonScanner()
    {
        var services = new ServiceCollection();
        services.AddFileScanning().AddFileScanning();
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IFileScanner>(), provider.GetRequiredService<IFileScanner>());

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IFileScanner));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Equal(typeof(FileScanner), descriptor.ImplementationType);
    }

    [Fact]
    public void ScanDiagnostics_Descriptors_AreUniqueAndCoverEveryConstant()
    {
        var constants = typeof(ScanDiagnostics).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

        Assert.Equal(constants.Count, ScanDiagnostics.Descriptors.Count);
        Assert.Equal(constants, ScanDiagnostics.Descriptors.Select(d => d.Code).ToHashSet());
        Assert.All(ScanDiagnostics.Descriptors, d => Assert.Matches("^[A-Z][A-Z0-9_]*$", d.Code));
    }
}
