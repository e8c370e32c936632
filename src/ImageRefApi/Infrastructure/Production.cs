namespace ImageRefApi.Infrastructure;

/// <summary>
/// What an operator needs to run the service in front of a fleet: limits and timeouts, rate limiting, forwarded
/// headers, response headers, CORS, graceful shutdown and the Swagger switch (see docs/production.md).
/// </summary>
internal static class Production
{
    /// <summary>The configuration key that turns the Swagger UI and document off (on by default).</summary>
    public const string SwaggerEnabledKey = "Swagger:Enabled";

    /// <summary>Registers everything the two <c>Use…</c> methods below need.</summary>
    public static WebApplicationBuilder AddProductionSetup(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddApiResponseHeaders();
        builder.Services.AddApiForwardedHeaders(builder.Configuration);
        builder.Services.AddApiRateLimiting(builder.Configuration);
        builder.Services.AddApiRequestTimeouts();
        builder.Services.AddGracefulShutdown();
        return builder;
    }

    /// <summary>First in the pipeline: the real client address, then the headers every response carries.</summary>
    public static WebApplication UseProductionEdge(this WebApplication app)
    {
        app.UseApiForwardedHeaders();
        app.UseNoSniff();
        return app;
    }

    /// <summary>Inside the error handling: CORS, the rate limiter, the request deadline, then the body's charset.</summary>
    public static WebApplication UseTrafficControl(this WebApplication app)
    {
        app.UseApiCors();
        app.UseApiRateLimiting();
        app.UseApiRequestTimeouts();
        app.UseRequestCharsetCheck();
        return app;
    }

    /// <summary>Whether <c>Swagger:Enabled</c> (default true) leaves the documentation on.</summary>
    public static bool SwaggerEnabled(this WebApplication app) => app.Configuration.GetValue(SwaggerEnabledKey, defaultValue: true);
}
