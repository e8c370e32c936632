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

    /// <summary>Why the options are unusable, or null when they are fine.</summary>
    public string? Problem() =>
        MaxBatchSize < 1 ? $"{Section}:MaxBatchSize must be at least 1 (is {MaxBatchSize})."
        : MaxRequestBodyBytes < 1024 ? $"{Section}:MaxRequestBodyBytes must be at least 1024 (is {MaxRequestBodyBytes})."
        : MaxScanContentBytes < 1 ? $"{Section}:MaxScanContentBytes must be at least 1 (is {MaxScanContentBytes})."
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
