using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Scanning;
using static ImageRefApi.Core.Tests.Scanning.ScanHelper;

namespace ImageRefApi.Core.Tests.Scanning;

public sealed class ComposeScanTests
{
    private const string Compose = """
        name: shop
        x-defaults: &defaults
          restart: unless-stopped
          image: "ghcr.io/acme/base:${BASE_TAG:-2024.10}"

        services:
          web:
            image: nginx:1.27-alpine
            ports: ["8080:80"]
          api:
            build:
              context: ./api
              dockerfile: Dockerfile
          worker:
            image: ghcr.io/acme/worker:${WORKER_TAG}
          db:
            image: 'postgres:${PG_MAJOR-16}'
          cache:
            image: redis:7$${SUFFIX}
          proxy:
            <<: *defaults
          jobs:
            build: ./jobs
            image: registry.example.com:5000/acme/jobs:${JOBS_TAG:+pinned}
        """;

    [Fact]
    public void Scan_ComposeWithVariables_ResolvesAsComposeDoes()
    {
        var report = Scan(ScanKind.Compose, Compose);

        Assert.Equal(
            [
                ("services.web.image", "nginx:1.27-alpine", "nginx:1.27-alpine"),
                ("services.worker.image", "ghcr.io/acme/worker:${WORKER_TAG}", null),
                ("services.db.image", "postgres:${PG_MAJOR-16}", "postgres:16"),
                ("services.cache.image", "redis:7$${SUFFIX}", "redis:7${SUFFIX}"),
                ("services.proxy.image", "ghcr.io/acme/base:${BASE_TAG:-2024.10}", "ghcr.io/acme/base:2024.10"),
                ("services.jobs.image", "registry.example.com:5000/acme/jobs:${JOBS_TAG:+pinned}", "registry.example.com:5000/acme/jobs:"),
            ],
            report.Findings.Select(f => (f.Context, f.Reference, f.Resolved)));
        foreach (var finding in report.Findings)
        {
            Assert.Equal(finding.Reference, TextAt(Compose, finding.Location));
        }

        var warning = Single(report, ScanDiagnostics.UnresolvedVariable);
        Assert.Contains("\"WORKER_TAG\"", warning.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(report.Findings[1].Location, warning.Location);
        Assert.Equal([new Substitution("WORKER_TAG", null, null)], report.Findings[1].Substitutions);
    }

    [Fact]
    public void Scan_BuildOnlyService_HasNoFinding()
    {
        var report = Scan(ScanKind.Compose, Compose);

        Assert.DoesNotContain(report.Findings, f => f.Context.StartsWith("services.api.", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_ComposeLocation_IsTheScalarFromParserEvents()
    {
        var report = Scan(ScanKind.Compose, Compose);

        Assert.Equal(new FileLocation(8, 12, 8, 29), report.Findings[0].Location);
        Assert.Equal(new FileLocation(17, 13, 17, 36), report.Findings[2].Location);
    }

    [Theory]
    [InlineData("services:\n  a:\n    image: nginx:${}\n")]
    [InlineData("services:\n  a:\n    image: nginx:$-1\n")]
    [InlineData("services:\n  a:\n    image: nginx:${TAG\n")]
    public void Scan_InvalidInterpolation_IsAnError(string compose)
    {
        var report = Scan(ScanKind.Compose, compose);

        var error = Single(report, ScanDiagnostics.ComposeInvalidInterpolation);
        Assert.StartsWith("Invalid template: ", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(report.Findings).Resolved);
    }

    [Theory]
    [InlineData("services:\n  web:\n    image: [nginx\n", 4)]
    [InlineData("services:\n  web:\n    image: nginx\n   bad: indent\n", 4)]
    [InlineData("services:\n  web:\n    image: \"nginx\n", 3)]
    [InlineData("services: {web: {image: nginx}\n", 2)]
    [InlineData("services:\n  web:\n    image: [nginx\n  db:\n    image: postgres:16\n", 3)]
    public void Scan_MalformedYaml_PositionedErrorNoException(string compose, int line)
    {
        var report = Scan(ScanKind.Compose, compose);

        var error = Single(report, ScanDiagnostics.YamlSyntax);
        Assert.Equal(Severity.Error, error.Diagnostic.Severity);
        Assert.Equal(line, error.Location.Line);
    }

    [Fact]
    public void Scan_DeeplyNestedYaml_DoesNotOverflow()
    {
        var hostile = "services:\n  a:\n    image: " + new string('[', 200_000);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = Scan(ScanKind.Compose, hostile);

        Assert.Equal(3, Single(report, ScanDiagnostics.YamlSyntax).Location.Line);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "hostile nesting must be refused in linear time");
    }
}

public sealed class KubernetesScanTests
{
    // The shape `helm template` prints: "---" separators, "# Source:" comments, quoted images, a List.
    private const string HelmRendered = """
        ---
        # Source: shop/templates/serviceaccount.yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: shop
        ---
        # Source: shop/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: shop-web
        spec:
          replicas: 2
          template:
            spec:
              initContainers:
                - name: migrate
                  image: "ghcr.io/acme/shop-migrations:1.4.2"
              containers:
                - name: web
                  image: "ghcr.io/acme/shop-web:1.4.2"
                - name: sidecar
                  image: docker.io/envoyproxy/envoy:v1.31-latest
        ---
        # Source: shop/templates/cronjob.yaml
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: shop-nightly
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  initContainers:
                    - name: wait-db
                      image: busybox:1.36
                  containers:
                    - name: report
                      image: ghcr.io/acme/shop-report@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                  ephemeralContainers:
                    - name: debugger
                      image: nicolaka/Netshoot:latest
        ---
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: one-off}
            spec:
              containers: [{name: x, image: alpine:3.20}]
          - apiVersion: v1
            kind: PodTemplate
            metadata: {name: tpl}
            template:
              spec:
                containers:
                  - name: y
                    image: quay.io/prometheus/node-exporter:v1.8.2
          - apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              template:
                spec:
                  containers:
                    - name: pg
                      image: postgres:16
        """;

    [Fact]
    public void Scan_HelmRenderedManifest_FindsEveryContainerWithItsPath()
    {
        var report = Scan(ScanKind.Kubernetes, HelmRendered);

        Assert.Empty(report.Diagnostics);
        Assert.Equal(
            [
                ("Deployment/shop-web", "spec.template.spec.initContainers[0].image", "ghcr.io/acme/shop-migrations:1.4.2"),
                ("Deployment/shop-web", "spec.template.spec.containers[0].image", "ghcr.io/acme/shop-web:1.4.2"),
                ("Deployment/shop-web", "spec.template.spec.containers[1].image", "docker.io/envoyproxy/envoy:v1.31-latest"),
                ("CronJob/shop-nightly", "spec.jobTemplate.spec.template.spec.initContainers[0].image", "busybox:1.36"),
                ("CronJob/shop-nightly", "spec.jobTemplate.spec.template.spec.containers[0].image", "ghcr.io/acme/shop-report@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                ("CronJob/shop-nightly", "spec.jobTemplate.spec.template.spec.ephemeralContainers[0].image", "nicolaka/Netshoot:latest"),
                ("Pod/one-off", "items[0].spec.containers[0].image", "alpine:3.20"),
                ("PodTemplate/tpl", "items[1].template.spec.containers[0].image", "quay.io/prometheus/node-exporter:v1.8.2"),
                ("StatefulSet/db", "items[2].spec.template.spec.containers[0].image", "postgres:16"),
            ],
            report.Findings.Select(f => (f.Resource, f.Context, f.Reference)));
        foreach (var finding in report.Findings)
        {
            Assert.Equal(finding.Reference, TextAt(HelmRendered, finding.Location));
            Assert.Equal(finding.Reference, finding.Resolved);
        }

        Assert.Equal(new FileLocation(19, 19, 19, 53), report.Findings[0].Location);
        Assert.Equal(new ScanSummary(9, 8, 1, 0, report.Summary.Errors, report.Summary.Warnings, report.Summary.Infos), report.Summary);
        Assert.False(report.Findings[5].Result!.Valid);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: a\n  - image: [b\n", 7)]
    [InlineData("apiVersion: v1\nkind: Pod\n---\n: : :\n  - x\n\t", 4)]
    public void Scan_BrokenLaterDocument_KeepsEarlierFindingsAndReportsError(string manifest, int line)
    {
        var report = Scan(ScanKind.Kubernetes, manifest);

        Assert.Equal(line, Single(report, ScanDiagnostics.YamlSyntax).Location.Line);
    }
}

public sealed class AutoDetectionTests
{
    [Theory]
    [InlineData("# comment\n\nFROM alpine:3.20\n", null, ScanKind.Dockerfile)]
    [InlineData("arg V=1\nfrom alpine:$V\n", null, ScanKind.Dockerfile)]
    [InlineData("services:\n  web:\n    image: nginx:1\n", null, ScanKind.Compose)]
    [InlineData("version: '3'\nservices:\n  web:\n    build: .\n", null, ScanKind.Compose)]
    [InlineData("---\napiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: a}]\n", null, ScanKind.Kubernetes)]
    [InlineData("# x\n---\n# y\n---\napiVersion: apps/v1\nkind: Deployment\n", null, ScanKind.Kubernetes)]
    [InlineData("RUN echo\n", "build/Dockerfile.release", ScanKind.Dockerfile)]
    [InlineData("x: 1\n", "deploy/compose.prod.yaml", ScanKind.Compose)]
    [InlineData("hello: world\n", null, ScanKind.Auto)]
    [InlineData("", null, ScanKind.Auto)]
    [InlineData("key: [unterminated\n", null, ScanKind.Auto)]
    public void Scan_Auto_DetectsKind(string content, string? path, ScanKind expected)
    {
        var report = Scan(ScanKind.Auto, content, path);

        Assert.Equal(expected, report.Kind);
        if (expected == ScanKind.Auto)
        {
            Single(report, ScanDiagnostics.UnknownKind);
        }
    }
}
