using System.Reflection;
using System.Text;
using FluentValidation;
using ImageRefApi.Core.Scanning;
using ImageRefApi.Diagnostics;
using ImageRefApi.Infrastructure;
using ImageRefApi.References;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ImageRefApi.Scanning;

/// <summary>The <c>/v1/scan</c> endpoint: every image reference of a Dockerfile, Compose file or Kubernetes manifest.</summary>
internal static class ScanApi
{
    /// <summary>The route name of <see cref="Scan"/>.</summary>
    public const string ScanName = "ScanFile";

    private static readonly string? ToolVersion = typeof(ScanApi).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    /// <summary>Registers the scanner, the request validator, the judges and the endpoint's OpenAPI examples.</summary>
    public static IServiceCollection AddScanApi(this IServiceCollection services)
    {
        services.AddFileScanning();
        services.AddSingleton<IValidator<ScanRequest>, ScanRequestValidator>();
        services.AddSingleton<ScanJudges>();
        services.Configure<SwaggerGenOptions>(o => o.OperationFilter<ScanExamplesOperationFilter>());
        return services;
    }

    /// <summary>Maps <c>POST /v1/scan</c>.</summary>
    public static RouteGroupBuilder MapScanApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/scan").WithTags("Scan");
        group.MapPost("/", Scan)
            .WithName(ScanName)
            .WithSummary("Find, position and judge every image reference in a file")
            .WithDescription(
                "Reads a Dockerfile (as BuildKit does: parser directives, escapes, heredocs, global ARGs substituted into FROM, " +
                "stages told apart from images), a Compose file (`services.*.image`, Compose interpolation) or Kubernetes " +
                "manifests (every workload kind, `containers`, `initContainers`, `ephemeralContainers`), and answers with each " +
                "image reference as written and as resolved, its place in the file, where it was found, and the same result " +
                "`POST /v1/references/validate` gives, each diagnostic with its file location. Problems of the file itself " +
                "(syntax, stage names, unresolvable variables) are file-level diagnostics. A broken file is a successful " +
                "request: 200 with positioned diagnostics. `?format=sarif` answers with a SARIF 2.1.0 log " +
                "(`application/sarif+json`) whose rules are the diagnostics catalog, for code scanning tools. " +
                "`content` is limited to `Api:MaxScanContentBytes` UTF-8 bytes (1 MiB by default).")
            .AddEndpointFilter<ValidationFilter<ScanRequest>>()
            .Produces<ScanResponse>(StatusCodes.Status200OK, "application/json", SarifWriter.MediaType)
            .ProducesCommonProblems();
        return group;
    }

    /// <summary>Find, position and judge every image reference in a file.</summary>
    /// <param name="request">The file, its kind and an optional policy.</param>
    /// <param name="format"><c>json</c> (the default) or <c>sarif</c>.</param>
    /// <param name="scanner">The file scanner.</param>
    /// <param name="judges">Makes the judge of the request's references.</param>
    /// <param name="catalog">The diagnostics catalog (the SARIF rules).</param>
    /// <param name="options">The API limits.</param>
    /// <response code="200">The findings, file-level diagnostics and counts (JSON), or a SARIF 2.1.0 log (<c>?format=sarif</c>).</response>
    /// <response code="400">The request is malformed: not JSON, <c>content</c> missing, an unknown <c>kind</c> or <c>format</c>, or a policy of the wrong shape.</response>
    /// <response code="413">The body is over <c>Api:MaxRequestBodyBytes</c>, or <c>content</c> is over <c>Api:MaxScanContentBytes</c>.</response>
    internal static Results<Ok<ScanResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult> Scan(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ScanRequest? request,
        [FromQuery] string? format,
        IFileScanner scanner,
        ScanJudges judges,
        DiagnosticCatalog catalog,
        IOptions<ApiOptions> options)
    {
        if (!ScanNames.TryParseFormat(format, out var sarif))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["format"] = [$"'format' must be {ScanNames.Formats}; got '{format}'."],
            });
        }

        // ValidationFilter has already refused these; the handler stays honest on its own.
        if (request?.Content is not { } content)
        {
            return TypedResults.ValidationProblem(ValidationFilterErrors.Required("content"));
        }

        if (!ScanNames.TryParseKind(request.Kind, out var kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["kind"] = [$"'kind' must be {ScanNames.Kinds}; got '{request.Kind}'."],
            });
        }

        // A UTF-16 code unit is at least one UTF-8 byte, so the cheap length check settles most oversized files.
        var max = options.Value.MaxScanContentBytes;
        if (content.Length > max || Encoding.UTF8.GetByteCount(content) > max)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload Too Large",
                detail: $"'content' is larger than the limit of {max} UTF-8 bytes (Api:MaxScanContentBytes).",
                type: "https://tools.ietf.org/html/rfc9110#section-15.5.14");
        }

        if (!judges.TryCreate(request.Policy, out var judge, out var errors))
        {
            return TypedResults.ValidationProblem(errors!);
        }

        var report = scanner.Scan(new ScanInput(kind, request.Path, content), judge.Analyze);
        return sarif
            ? TypedResults.File(SarifWriter.ToUtf8Bytes(report, catalog.Entries, ToolVersion), SarifWriter.MediaType)
            : TypedResults.Ok(ToResponse(report, judge));
    }

    /// <summary>Maps the scanner's report to the wire shape, giving each result diagnostic its file location.</summary>
    internal static ScanResponse ToResponse(ScanReport report, ScanJudge judge)
    {
        var fileDiagnostics = new List<DiagnosticDto>(report.Diagnostics.Count);
        foreach (var d in report.Diagnostics)
        {
            fileDiagnostics.Add(Located(DiagnosticDto.From(d.Diagnostic), d.Location));
        }

        var extras = false;
        var findings = new ScanFindingDto[report.Findings.Count];
        for (var f = 0; f < findings.Length; f++)
        {
            var finding = report.Findings[f];
            ValidationResultDto? result = null;
            if (finding.Resolved is { } resolved)
            {
                var validated = judge.ResultFor(resolved);
                var located = new DiagnosticDto[validated.Diagnostics.Count];
                for (var i = 0; i < located.Length; i++)
                {
                    // The judge's analysis lists the result's diagnostics in the same order (see ScanJudge).
                    located[i] = Located(validated.Diagnostics[i], i < finding.Diagnostics.Count ? finding.Diagnostics[i].Location : finding.Location);
                }

                result = validated with { Diagnostics = located };

                // The scanner adds SCAN_INVALID_REFERENCE when the judge gave no reason for an invalid reference; the
                // result stays exactly what validate answers, so that one goes with the file's diagnostics.
                for (var i = located.Length; i < finding.Diagnostics.Count; i++)
                {
                    fileDiagnostics.Add(Located(DiagnosticDto.From(finding.Diagnostics[i].Diagnostic), finding.Diagnostics[i].Location));
                    extras = true;
                }
            }

            var substitutions = new SubstitutionDto[finding.Substitutions.Count];
            for (var i = 0; i < substitutions.Length; i++)
            {
                substitutions[i] = SubstitutionDto.From(finding.Substitutions[i]);
            }

            findings[f] = new ScanFindingDto(finding.Reference, finding.Resolved, LocationDto.From(finding.Location), finding.Context, finding.Resource, substitutions, result);
        }

        IReadOnlyList<DiagnosticDto> diagnostics = extras
            ? [.. fileDiagnostics.OrderBy(d => d.Location!.Line).ThenBy(d => d.Location!.Column)]
            : fileDiagnostics;
        return new ScanResponse(report.Kind, findings, diagnostics, ScanSummaryDto.From(report.Summary));
    }

    private static DiagnosticDto Located(DiagnosticDto diagnostic, FileLocation location) => diagnostic with { Location = LocationDto.From(location) };
}
