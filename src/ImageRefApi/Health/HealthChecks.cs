using System.Text.Json;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Health;

/// <summary>The Kubernetes probes: <c>/health/live</c> (process up) and <c>/health/ready</c> (able to answer correctly).</summary>
internal static class HealthChecks
{
    private const string ReadyTag = "ready";

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

    /// <summary>Maps the probes; they answer small JSON: <c>{"status":"healthy","checks":{…}}</c>.</summary>
    public static WebApplication MapApiHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson })
            .WithTags("Health").WithName("Live").WithSummary("Liveness probe: the process is up");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson })
            .WithTags("Health").WithName("Ready").WithSummary("Readiness probe: parser self-test passed and configuration valid");
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", Name(report.Status));
            writer.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                writer.WriteStartObject(name);
                writer.WriteString("status", Name(entry.Status));
                writer.WriteString("description", entry.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

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
