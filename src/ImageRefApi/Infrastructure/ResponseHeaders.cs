using Microsoft.Extensions.Options;

namespace ImageRefApi.Infrastructure;

/// <summary>Cross-origin access, bound from the <c>Cors</c> section: off unless origins are listed.</summary>
internal sealed class CorsSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cors";

    /// <summary>Origins (<c>https://ci.example.com</c>) whose browser pages may call the API.</summary>
    public IList<string> AllowedOrigins { get; } = [];
}

/// <summary>Response headers every answer gets, and the ones none gets.</summary>
internal static class ResponseHeaders
{
    /// <summary>No <c>Server</c> header from Kestrel; CORS only when <c>Cors:AllowedOrigins</c> is set.</summary>
    public static WebApplicationBuilder AddApiResponseHeaders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Naming the server and its version helps nobody but a scanner looking for a known vulnerability.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddOptions<CorsSettings>().Bind(builder.Configuration.GetSection(CorsSettings.Section));
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CorsSettings>>((options, settings) =>
            options.AddDefaultPolicy(policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins])
                .WithMethods(HttpMethods.Get, HttpMethods.Post)
                .WithHeaders("Content-Type")
                .WithExposedHeaders("Retry-After")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }

    /// <summary>
    /// <c>X-Content-Type-Options: nosniff</c> on every response, set when the response starts so that it survives the
    /// exception handler clearing the headers of a failed request.
    /// </summary>
    public static WebApplication UseNoSniff(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        return app;
    }

    /// <summary>Adds the CORS middleware only when origins are configured; without it no CORS header is ever sent.</summary>
    public static WebApplication UseApiCors(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<CorsSettings>>().Value.AllowedOrigins.Count > 0)
        {
            app.UseCors();
        }

        return app;
    }
}
