using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Infrastructure;

/// <summary>The per-client rate limit of <c>/v1/*</c>, bound from the <c>RateLimiting</c> section.</summary>
internal sealed class RateLimitingSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RateLimiting";

    /// <summary>Whether <c>/v1/*</c> is rate limited at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The sustained rate each client (remote IP address) may send, in requests per second.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>The most requests a client may send at once after a quiet period (the token bucket's size).</summary>
    public int Burst { get; set; } = 100;
}

/// <summary>
/// The framework's rate limiter with a token bucket per remote IP address on <c>/v1/*</c> only: probes and the
/// documentation are never limited, so an orchestrator never sees a busy service as a dead one.
/// </summary>
internal static class RateLimiting
{
    /// <summary>Binds <see cref="RateLimitingSettings"/> (checked at start) and configures the limiter.</summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingSettings>()
            .Bind(configuration.GetSection(RateLimitingSettings.Section))
            .Validate(s => s.PermitsPerSecond >= 1, $"{RateLimitingSettings.Section}:PermitsPerSecond must be at least 1.")
            .Validate(s => s.Burst >= 1, $"{RateLimitingSettings.Section}:Burst must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingSettings>>((options, settings) =>
        {
            var s = settings.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = s.Burst,
                        TokensPerPeriod = s.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        AutoReplenishment = true,

                        // No queue: a client over its rate is told when to come back instead of holding a connection.
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = (context, cancellationToken) => Reject(context, s, cancellationToken);
        });
        return services;
    }

    /// <summary>Adds the middleware when <c>RateLimiting:Enabled</c> is true.</summary>
    public static WebApplication UseApiRateLimiting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitingSettings>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>The partition key: the remote address, which is the client's only behind a trusted proxy (see ForwardedHeaders).</summary>
    internal static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask Reject(OnRejectedContext context, RateLimitingSettings settings, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        cancellationToken.ThrowIfCancellationRequested();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too many requests.",
                Detail = $"This client may send {settings.PermitsPerSecond} requests per second (bursts of {settings.Burst}); retry after {retryAfter} s.",
            },
        }).ConfigureAwait(false);
    }
}
