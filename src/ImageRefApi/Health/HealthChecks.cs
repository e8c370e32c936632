using ImageRefApi.Core.Parsing;
using ImageRefApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Health;

/// <summary>The Kubernetes probes: <c>/health/live</c> (process up) and <c>/health/ready</c> (able to answer correctly).</summary>
internal static class HealthApi
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    internal const string ReadyTag = "ready";

    /// <summary>Registers the readiness checks.</summary>
    public static IServiceCollection AddApiHealthChecks(this IServiceCollection services)
    {
        // A singleton, so the self-test runs once and its answer is remembered.
        services.AddSingleton<ParserSelfTestHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag])
            .AddCheck<ParserSelfTestHealthCheck>("parser", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Maps the probes as ordinary endpoints, so they appear in the OpenAPI document.</summary>
    public static RouteGroupBuilder MapApiHealthChecks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", Live)
            .WithName("Live")
            .WithSummary("Liveness probe")
            .WithDescription("200 while the process is up. Checks nothing else, so a slow dependency never gets the pod restarted.");
        group.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("Readiness probe")
            .WithDescription("200 when the parser self-test passed and the configuration is valid; 503 with the failing check otherwise.")
            .Produces<HealthReportDto>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    /// <summary>Liveness probe: the process is up.</summary>
    /// <response code="200">Always, while the process answers.</response>
    internal static Ok<HealthReportDto> Live() => TypedResults.Ok(HealthReportDto.Live);

    /// <summary>Readiness probe: the parser self-test passed and the configuration is valid.</summary>
    /// <param name="health">The health check service.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    /// <response code="200">Ready to serve.</response>
    /// <response code="503">Not ready; <c>checks</c> says which check failed and why.</response>
    internal static async Task<Results<Ok<HealthReportDto>, JsonHttpResult<HealthReportDto>>> Ready(HealthCheckService health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        var report = HealthReportDto.From(await health.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), cancellationToken).ConfigureAwait(false));
        return report.Status == "healthy" ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>A probe's answer.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="Checks">Each check by name.</param>
internal sealed record HealthReportDto(string Status, IReadOnlyDictionary<string, HealthCheckDto> Checks)
{
    /// <summary>The liveness answer.</summary>
    public static readonly HealthReportDto Live = new("healthy", new Dictionary<string, HealthCheckDto>());

    /// <summary>Maps a health report.</summary>
    public static HealthReportDto From(HealthReport report) =>
        new(Name(report.Status), report.Entries.ToDictionary(e => e.Key, e => new HealthCheckDto(Name(e.Value.Status), e.Value.Description), StringComparer.Ordinal));

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>One check's answer.</summary>
/// <param name="Status"><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="Description">Why.</param>
internal sealed record HealthCheckDto(string Status, string? Description);

/// <summary>Ready only when the configuration the endpoints depend on is usable.</summary>
internal sealed class ConfigurationHealthCheck(IOptions<ApiOptions> api, IOptions<ReferenceParserOptions> parser) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var problem = api.Value.Problem() ?? (parser.Value.MaxInputLength < 1 ? "Parser:MaxInputLength must be at least 1." : null);
            return Task.FromResult(problem is null ? HealthCheckResult.Healthy("Configuration is valid.") : HealthCheckResult.Unhealthy(problem));
        }
        catch (OptionsValidationException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(e.Message));
        }
    }
}

/// <summary>Ready only when the parser gives known answers for known inputs (checked once, then remembered).</summary>
internal sealed class ParserSelfTestHealthCheck(IServiceProvider services) : IHealthCheck
{
    private static readonly (string Input, bool Valid, string? Canonical)[] Cases =
    [
        ("nginx", true, "docker.io/library/nginx:latest"),
        ("ghcr.io/acme/api:1.2.3", true, "ghcr.io/acme/api:1.2.3"),
        ("Nginx", false, null),
        ("huggingface-pytorch-training:xxxx:latest", false, null),
    ];

    private readonly Lazy<string?> failure = new(() => SelfTest(services));

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(failure.Value is { } f ? HealthCheckResult.Unhealthy(f) : HealthCheckResult.Healthy("Parser self-test passed."));

    private static string? SelfTest(IServiceProvider services)
    {
        try
        {
            var parser = services.GetRequiredService<IReferenceParser>();
            foreach (var (input, valid, canonical) in Cases)
            {
                var analysis = parser.Analyze(input);
                if (analysis.Valid != valid || analysis.Reference?.Canonical != canonical || (!valid && analysis.Docker.Error is null))
                {
                    return $"Parser self-test failed for '{input}'.";
                }
            }

            return null;
        }
#pragma warning disable CA1031 // A parser that cannot even be built is exactly what readiness must report, not crash on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"Parser unavailable: {e.Message}";
        }
    }
}
