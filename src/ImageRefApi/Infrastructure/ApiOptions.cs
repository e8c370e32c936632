namespace ImageRefApi.Infrastructure;

/// <summary>Limits of the HTTP API, bound from the <c>Api</c> configuration section.</summary>
internal sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>The most references one batch request may carry.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>The largest request body accepted, in bytes; larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest file <c>POST /v1/scan</c> accepts in <c>content</c>, in UTF-8 bytes; larger files get 413.</summary>
    public long MaxScanContentBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a request may take before it is cancelled and answered 503; 0 turns the timeout off.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>How long, after SIGTERM, the host waits for in-flight requests (and the drain delay) before it exits.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long, after SIGTERM, the service keeps serving with <c>/health/ready</c> at 503 before it stops accepting
    /// connections, so that load balancers take it out of rotation first (a few seconds under Kubernetes; 0 locally).
    /// </summary>
    public int ShutdownDelaySeconds { get; set; }

    /// <summary>Why the options are unusable, or null when they are fine.</summary>
    public string? Problem() =>
        MaxBatchSize < 1 ? $"{Section}:MaxBatchSize must be at least 1 (is {MaxBatchSize})."
        : MaxRequestBodyBytes < 1024 ? $"{Section}:MaxRequestBodyBytes must be at least 1024 (is {MaxRequestBodyBytes})."
        : MaxScanContentBytes < 1 ? $"{Section}:MaxScanContentBytes must be at least 1 (is {MaxScanContentBytes})."
        : RequestTimeoutSeconds < 0 ? $"{Section}:RequestTimeoutSeconds must be 0 (off) or more (is {RequestTimeoutSeconds})."
        : ShutdownTimeoutSeconds < 1 ? $"{Section}:ShutdownTimeoutSeconds must be at least 1 (is {ShutdownTimeoutSeconds})."
        : ShutdownDelaySeconds < 0 || ShutdownDelaySeconds >= ShutdownTimeoutSeconds
            ? $"{Section}:ShutdownDelaySeconds must be 0 or more and less than {Section}:ShutdownTimeoutSeconds (is {ShutdownDelaySeconds})."
        : null;
}

/// <summary>Registers <see cref="ApiOptions"/>.</summary>
internal static class ApiOptionsSetup
{
    /// <summary>Binds <see cref="ApiOptions"/> to the <c>Api</c> section.</summary>
    public static IServiceCollection AddApiOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        return services;
    }
}
