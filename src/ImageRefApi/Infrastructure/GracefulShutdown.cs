using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Infrastructure;

/// <summary>
/// SIGTERM, in order: readiness turns 503 (<see cref="ShutdownHealthCheck"/>), the service keeps serving for
/// <c>Api:ShutdownDelaySeconds</c> so that load balancers stop sending (<see cref="ShutdownDrain"/>), then Kestrel
/// stops accepting and lets in-flight requests finish, all within <c>Api:ShutdownTimeoutSeconds</c>.
/// </summary>
internal static class GracefulShutdown
{
    /// <summary>The name of the readiness check that fails once stopping has begun.</summary>
    public const string CheckName = "shutdown";

    /// <summary>Registers the check, the drain delay and the host's shutdown timeout.</summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        services.AddOptions<HostOptions>().Configure<IOptions<ApiOptions>>((host, api) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Max(1, api.Value.ShutdownTimeoutSeconds)));
        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>(CheckName, tags: [Health.HealthApi.ReadyTag]);
        services.AddHostedService<ShutdownDrain>();
        return services;
    }
}

/// <summary>Unhealthy from the moment the host is told to stop.</summary>
internal sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The service is shutting down.")
            : HealthCheckResult.Healthy("Not shutting down."));
}

/// <summary>
/// Holds the shutdown for <c>Api:ShutdownDelaySeconds</c> before any hosted service stops: the generic host signals
/// ApplicationStopping, then runs every <see cref="IHostedLifecycleService.StoppingAsync"/>, and only then stops the server.
/// </summary>
internal sealed partial class ShutdownDrain(IOptions<ApiOptions> api, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    /// <inheritdoc />
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = api.Value.ShutdownDelaySeconds;
        if (delay <= 0)
        {
            return;
        }

        LogDraining(logger, delay);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(delay), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out first: stop now.
        }
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: readiness is 503; serving for {Seconds} s more so that load balancers stop sending.")]
    private static partial void LogDraining(ILogger logger, int seconds);
}
