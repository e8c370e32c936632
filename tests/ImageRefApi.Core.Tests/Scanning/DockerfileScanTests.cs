using CsCheck;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Scanning;
using static ImageRefApi.Core.Tests.Scanning.ScanHelper;

namespace ImageRefApi.Core.Tests.Scanning;

public sealed class DockerfileScanTests
{
    private const string MultiStage = """
        # syntax=docker/dockerfile:1.7
        # escape=\

        ARG DOTNET_VERSION=10.0
        ARG REGISTRY=mcr.microsoft.com
        ARG RUNTIME_IMAGE=${REGISTRY}/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled

        FROM --platform=$BUILDPLATFORM ${REGISTRY}/dotnet/sdk:${DOTNET_VERSION} AS build
        ARG TARGETARCH
        WORKDIR /src
        COPY --link . .
        RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
            dotnet publish src/Api -a $TARGETARCH -c Release -o /app

        FROM build AS test
        RUN dotnet test

        FROM ${RUNTIME_IMAGE} AS final
        COPY --from=build /app /app
        COPY --from=docker.io/library/busybox:1.36 /bin/wget /usr/bin/wget
        RUN --mount=type=bind,from=ghcr.io/acme/tools:2.1,source=/bin,target=/tools /tools/check
        ENTRYPOINT ["dotnet", "/app/Api.dll"]
        """;

    [Fact]
    public void Scan_MultiStageWithArgs_FindsEveryImageInFileOrder()
    {
        var report = Scan(ScanKind.Dockerfile, MultiStage);

        Assert.Equal(ScanKind.Dockerfile, report.Kind);
        Assert.Empty(report.Diagnostics);
        Assert.Equal(
            [
                ("# syntax", "docker/dockerfile:1.7", "docker/dockerfile:1.7"),
                ("FROM", "${REGISTRY}/dotnet/sdk:${DOTNET_VERSION}", "mcr.microsoft.com/dotnet/sdk:10.0"),
                ("FROM", "${RUNTIME_IMAGE}", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"),
                ("COPY --from", "docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36"),
                ("RUN --mount", "ghcr.io/acme/tools:2.1", "ghcr.io/acme/tools:2.1"),
            ],
            report.Findings.Select(f => (f.Context, f.Reference, f.Resolved)));
        Assert.All(report.Findings, f => Assert.True(f.Result!.Valid));
        Assert.Equal((5, 5, 0, 0, 0, 0), (report.Summary.Findings, report.Summary.Valid, report.Summary.Invalid, report.Summary.Unresolved, report.Summary.Errors, report.Summary.Warnings));
        Assert.Equal(report.Findings.Sum(f => f.Diagnostics.Count(d => d.Diagnostic.Severity == Severity.Info)), report.Summary.Infos);
    }

    [Fact]
    public void Scan_ArgDrivenFrom_NamesTheArgLinesAndPositionsTheWrittenText()
    {
        var report = Scan(ScanKind.Dockerfile, MultiStage);

        var sdk = report.Findings[1];
        Assert.Equal([new Substitution("REGISTRY", "mcr.microsoft.com", 5), new Substitution("DOTNET_VERSION", "10.0", 4)], sdk.Substitutions);
        Assert.Equal(new FileLocation(8, 32, 8, 72), sdk.Location);
        Assert.Equal(sdk.Reference, TextAt(MultiStage, sdk.Location));

        var runtime = report.Findings[2];
        Assert.Equal([new Substitution("RUNTIME_IMAGE", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", 6)], runtime.Substitutions);
        foreach (var finding in report.Findings)
        {
            Assert.Equal(finding.Reference, TextAt(MultiStage, finding.Location));
        }
    }

    [Theory]
    [InlineData("FROM alpine AS Builder\n", ScanDiagnostics.DockerfileStageNameCasing, "Stage name 'Builder' should be lowercase", "Builder")]
    [InlineData("FROM alpine AS 1st\n", ScanDiagnostics.DockerfileInvalidStageName, "invalid name for build stage: \"1st\", name can't start with a number or contain symbols", "1st")]
    [InlineData("FROM alpine AS my/stage\n", ScanDiagnostics.DockerfileInvalidStageName, "invalid name for build stage: \"my/stage\", name can't start with a number or contain symbols", "my/stage")]
    [InlineData("FROM alpine AS scratch\n", ScanDiagnostics.DockerfileReservedStageName, "Stage name should not use the same name as reserved stage \"scratch\"", "scratch")]
    [InlineData("FROM alpine AS context\n", ScanDiagnostics.DockerfileReservedStageName, "Stage name should not use the same name as reserved stage \"context\"", "context")]
    [InlineData("FROM alpine AS build\nFROM debian AS BUILD\n", ScanDiagnostics.DockerfileDuplicateStageName, "Duplicate stage name \"build\", stage names should be unique", "BUILD")]
    [InlineData("FROM alpine builder\n", ScanDiagnostics.DockerfileFromArguments, "FROM requires either one or three arguments", "FROM alpine builder")]
    [InlineData("FROM alpine AS a b\n", ScanDiagnostics.DockerfileFromArguments, "FROM requires either one or three arguments", "FROM alpine AS a b")]
    [InlineData("FROM --platform=linux/amd64 alpine\n", ScanDiagnostics.DockerfileConstantPlatform, "FROM --platform flag should not use constant value \"linux/amd64\"", "linux/amd64")]
    [InlineData("ARG BASE=\nFROM ${BASE}\n", ScanDiagnostics.DockerfileBlankBaseName, "base name (${BASE}) should not be blank", "${BASE}")]
    [InlineData("FORM alpine\nFROM alpine\n", ScanDiagnostics.DockerfileSyntax, "unknown instruction: FORM", "FORM")]
    [InlineData("RUN echo hi\nFROM alpine\n", ScanDiagnostics.DockerfileSyntax, "no build stage in current context", "RUN echo hi")]
    [InlineData("# escape=x\nFROM alpine\n", ScanDiagnostics.DockerfileSyntax, "invalid escape token 'x' does not match ` or \\", "x")]
    [InlineData("FROM --network=none alpine\n", ScanDiagnostics.DockerfileSyntax, "unknown flag: network", "--network=none")]
    [InlineData("RUN echo hi\n", ScanDiagnostics.DockerfileNoStages, "dockerfile contains no stages to build", "")]
    [InlineData("FROM alpine AS build\nFROM BUILD\n", ScanDiagnostics.DockerfileStageReferenceCasing, "Stage 'build' is referenced as 'BUILD'; BuildKit matches stage names case-insensitively, write it as declared", "BUILD")]
    [InlineData("FROM alpine\nRUN <<EOF\necho never closed\n", ScanDiagnostics.DockerfileUnterminatedHeredoc, "The heredoc <<EOF has no closing line \"EOF\" before the end of the file", "<<EOF")]
    public void Scan_BuildKitRule_ReportsPositionedDiagnostic(string dockerfile, string code, string message, string at)
    {
        var report = Scan(ScanKind.Dockerfile, dockerfile);

        var diagnostic = Single(report, code);
        Assert.Equal(message, diagnostic.Diagnostic.Message);
        Assert.Equal(ScanDiagnostics.Descriptors.Single(d => d.Code == code).Severity, diagnostic.Diagnostic.Severity);
        Assert.Equal(at, TextAt(dockerfile, diagnostic.Location));
    }

    [Theory]
    [InlineData("FROM --platform=linux/amd64 alpine AS build-amd64\n")]
    [InlineData("FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n")]
    [InlineData("FROM --platform=${TARGETPLATFORM} alpine\n")]
    [InlineData("FROM alpine AS build\nFROM build\n")]
    [InlineData("FROM scratch\nCOPY app /\n")]
    public void Scan_AcceptedByBuildKit_ReportsNoFileDiagnostic(string dockerfile)
    {
        var report = Scan(ScanKind.Dockerfile, dockerfile);

        Assert.Empty(report.Diagnostics);
    }

    [Fact]
    public void Scan_StagesAndScratch_AreNotFindings()
    {
        const string dockerfile = """
            FROM golang:1.23-alpine AS Builder
            RUN go build -o /out/app ./cmd/app

            FROM scratch AS runtime
            COPY --from=builder /out/app /app
            COPY --from=0 /etc/ssl/certs /etc/ssl/certs
            COPY --from=Builder /out/app /app2

            FROM builder AS debug
            RUN --mount=type=cache,from=runtime,target=/x true
            """;

        var report = Scan(ScanKind.Dockerfile, dockerfile);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("golang:1.23-alpine", finding.Reference);
        Assert.Equal(
            [
                (ScanDiagnostics.DockerfileStageNameCasing, 1),
                (ScanDiagnostics.DockerfileStageReferenceCasing, 5),
                (ScanDiagnostics.DockerfileStageReferenceCasing, 9),
            ],
            report.Diagnostics.Select(d => (d.Diagnostic.Code, d.Location.Line)));
    }

    [Fact]
    public void Scan_CopyFromLaterStage_IsAStageNotAnImage()
    {
        // BuildKit resolves COPY --from names against every stage of the file, not only the earlier ones.
        var report = Scan(ScanKind.Dockerfile, "FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\n");

        Assert.Equal(["FROM", "FROM"], report.Findings.Select(f => f.Context));
    }

    [Theory]
    [InlineData("FROM node:${NODE_VERSION}\n", "NODE_VERSION", "FROM argument 'NODE_VERSION' is not declared")]
    [InlineData("ARG NODE_VERSION\nFROM node:${NODE_VERSION}\n", "NODE_VERSION", "ARG 'NODE_VERSION' (line 1) has no default value")]
    [InlineData("FROM alpine-$TARGETARCH\n", "TARGETARCH", "'TARGETARCH' is set by BuildKit for each build")]
    [InlineData("ARG A\nARG B=x${A}\nFROM img:$B\n", "B", "The default of ARG 'B' (line 2) cannot be resolved")]
    [InlineData("FROM alpine\nARG TOOLS\nCOPY --from=${TOOLS} /bin /bin\n", "TOOLS", "ARG 'TOOLS' (line 2) has no default value")]
    [InlineData("FROM alpine\nCOPY --from=$TOOLS /bin /bin\n", "TOOLS", "Variable 'TOOLS' is not declared in this stage")]
    public void Scan_UnresolvableVariable_FindingWithNullResolvedAndWarning(string dockerfile, string variable, string messageStart)
    {
        var report = Scan(ScanKind.Dockerfile, dockerfile);

        var finding = Assert.Single(report.Findings, f => f.Resolved is null);
        Assert.Null(finding.Result);
        Assert.Contains(finding.Substitutions, s => s.Name == variable && s.Value is null);
        var warning = Single(report, ScanDiagnostics.UnresolvedVariable);
        Assert.Equal(Severity.Warning, warning.Diagnostic.Severity);
        Assert.StartsWith(messageStart, warning.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains($"'{variable}'", warning.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(finding.Location, warning.Location);
        Assert.Equal(1, report.Summary.Unresolved);
    }

    [Theory]
    [InlineData("ARG V=1.25\nFROM nginx:$V\n", "nginx:1.25")]
    [InlineData("ARG V\nFROM nginx:${V:-1.25}\n", "nginx:1.25")]
    [InlineData("FROM nginx:${V:-1.25}\n", "nginx:1.25")]
    [InlineData("ARG V=\nFROM nginx:${V:-1.25}\n", "nginx:1.25")]
    [InlineData("ARG V=\nFROM nginx${V-:1.0}\n", "nginx")]
    [InlineData("ARG SUFFIX=yes\nFROM nginx:1.25${SUFFIX:+-alpine}\n", "nginx:1.25-alpine")]
    [InlineData("ARG SUFFIX\nFROM nginx:1.25${SUFFIX:+-alpine}\n", "nginx:1.25")]
    [InlineData("ARG IMAGE=\"nginx:1.25\"\nFROM $IMAGE\n", "nginx:1.25")]
    [InlineData("ARG A=nginx B=1.25\nFROM ${A}:${B}\n", "nginx:1.25")]
    [InlineData("ARG REPO=nginx\nARG IMAGE=${REPO}:1.25\nFROM ${IMAGE}\n", "nginx:1.25")]
    [InlineData("ARG V=1.25\nFROM nginx:${UNSET:-$V}\n", "nginx:1.25")]
    public void Scan_GlobalArgForms_SubstituteIntoFrom(string dockerfile, string resolved)
    {
        var report = Scan(ScanKind.Dockerfile, dockerfile);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(resolved, finding.Resolved);
        Assert.True(finding.Result!.Valid);
        Assert.DoesNotContain(report.Diagnostics, d => d.Diagnostic.Code == ScanDiagnostics.UnresolvedVariable);
    }

    [Fact]
    public void Scan_StageArgInheritsGlobalDefault_ForCopyFrom()
    {
        const string dockerfile = "ARG TOOLS=ghcr.io/acme/tools:2.1\nFROM alpine:3.20\nARG TOOLS\nCOPY --from=$TOOLS /bin/tool /usr/bin/tool\n";

        var report = Scan(ScanKind.Dockerfile, dockerfile);

        var copy = report.Findings[1];
        Assert.Equal(("COPY --from", "ghcr.io/acme/tools:2.1"), (copy.Context, copy.Resolved));
        Assert.Equal([new Substitution("TOOLS", "ghcr.io/acme/tools:2.1", 1)], copy.Substitutions);
    }

    [Fact]
    public void Scan_HeredocsAndContinuations_AreSkippedCorrectly()
    {
        const string dockerfile = """
            FROM debian:bookworm-slim
            RUN <<EOF
            FROM not-an-image:1
            echo "FROM inside a heredoc"
            EOF
            COPY <<-"CONF" /etc/app.conf
            	FROM still-not:2
            	CONF
            RUN apt-get update && \
            # a comment inside the continuation
                apt-get install -y curl \

                && rm -rf /var/lib/apt/lists/*
            FROM \
              alpine:3.20 \
              AS final
            RUN cat <<A <<B
            a
            A
            FROM nope:3
            B
            COPY --from=final /x /y
            """;

        var report = Scan(ScanKind.Dockerfile, dockerfile);

        Assert.Empty(report.Diagnostics);
        Assert.Equal(["debian:bookworm-slim", "alpine:3.20"], report.Findings.Select(f => f.Reference));
        Assert.Equal(new FileLocation(15, 3, 15, 14), report.Findings[1].Location);
    }

    [Fact]
    public void Scan_EscapeDirectiveBacktick_ContinuesLinesAndKeepsBackslashes()
    {
        const string dockerfile = "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\r\n  AS base\r\nRUN dir C:\\ `\r\n  && echo done\r\nCOPY --from=mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022 C:\\ps C:\\ps\r\n";

        var report = Scan(ScanKind.Dockerfile, dockerfile);

        Assert.Empty(report.Diagnostics);
        Assert.Equal(
            [("mcr.microsoft.com/windows/servercore:ltsc2022", 2), ("mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022", 6)],
            report.Findings.Select(f => (f.Reference, f.Location.Line)));
    }

    [Fact]
    public void Scan_ReferenceSplitAcrossContinuation_SpansBothLines()
    {
        const string dockerfile = "FROM ghcr.io/acme/\\\nbase:1.0\n";

        var report = Scan(ScanKind.Dockerfile, dockerfile);

        var finding = Assert.Single(report.Findings);
        Assert.Equal("ghcr.io/acme/base:1.0", finding.Reference);
        Assert.Equal(new FileLocation(1, 6, 2, 9), finding.Location);
    }

    [Fact]
    public void Scan_DirectivesOnlyAtTop_LaterSyntaxCommentIsIgnored()
    {
        const string dockerfile = "# a comment first\n# syntax=docker/dockerfile:1\nFROM alpine:3.20\n";

        var report = Scan(ScanKind.Dockerfile, dockerfile);

        Assert.Equal(["FROM"], report.Findings.Select(f => f.Context));
    }

    [Fact]
    public void Scan_InvalidReference_JudgedInvalidWithPositionedError()
    {
        const string dockerfile = "FROM Alpine:3.20\n";

        var report = Scan(ScanKind.Dockerfile, dockerfile);

        var finding = Assert.Single(report.Findings);
        Assert.False(finding.Result!.Valid);
        var errors = finding.Diagnostics.Where(d => d.Diagnostic.Severity == Severity.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains(TextAt(dockerfile, e.Location), "Alpine:3.20", StringComparison.Ordinal));
        Assert.Equal(1, report.Summary.Invalid);
        Assert.Equal(errors.Count, report.Summary.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\\")]
    [InlineData("FROM")]
    [InlineData("FROM ${")]
    [InlineData("FROM \"unterminated")]
    [InlineData("ARG =x\nFROM a")]
    [InlineData("RUN <<\nFROM a <<")]
    [InlineData("FROM a AS\n\n\n\\\n")]
    [InlineData("# syntax=\n# escape=\\\nFROM a\r\rFROM b")]
    [InlineData("FROM --platform= a\nCOPY --from= x y\nRUN --mount=from=,from=${X:?} true")]
    public void Scan_MalformedDockerfile_NeverThrows(string dockerfile)
    {
        var report = Scan(ScanKind.Dockerfile, dockerfile);

        Assert.NotNull(report);
        Assert.All(report.Diagnostics, d => Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1));
    }
}

public sealed class DockerfileFuzzTests
{
    private static readonly string[] Pieces =
    [
        "FROM ", "ARG ", "COPY ", "RUN ", "AS ", "as ", "--from=", "--mount=", "--platform=", "from=", "type=bind,",
        "$", "${", "}", ":-", ":+", "-", "?", "\"", "'", "\\", "`", "\n", "\r\n", "\r", " ", "\t", "#", "# syntax=",
        "# escape=`\n", "<<", "<<-", "EOF", "alpine", ":3.20", "@sha256:", "A", "1", "=", ",", "scratch", "build",
    ];

    [Fact]
    public void Scan_RandomDockerfileLikeText_NeverThrowsAndLocationsStayInside()
    {
        var gen = Gen.Int[0, Pieces.Length - 1].List[0, 40].Select(ix => string.Concat(ix.Select(i => Pieces[i])));

        gen.Sample(text =>
        {
            var report = ScanHelper.Scan(ImageRefApi.Core.Scanning.ScanKind.Dockerfile, text);
            var lines = text.ReplaceLineEndings("\n").Split('\n').Length;
            return report.Findings.All(f => f.Location.Line >= 1 && f.Location.EndLine <= lines && f.Location.Column >= 1)
                && report.Diagnostics.All(d => d.Location.Line >= 1 && d.Location.EndLine <= lines);
        }, iter: 3000);
    }
}
