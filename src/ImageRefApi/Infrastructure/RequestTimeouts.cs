using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Infrastructure;

/// <summary>
/// One deadline per request (<c>Api:RequestTimeoutSeconds</c>) with the framework's request-timeouts middleware:
/// a handler that waits too long on something (a registry, a slow check) is cancelled and answered with a 503
/// problem instead of holding a connection. A client trickling its body is Kestrel's business: its minimum
/// request body data rate (240 bytes/s after a 5 s grace period) drops it.
/// </summary>
internal static class RequestTimeouts
{
    /// <summary>Registers the default timeout policy from <see cref="ApiOptions.RequestTimeoutSeconds"/>.</summary>
    public static IServiceCollection AddApiRequestTimeouts(this IServiceCollection services)
    {
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<ApiOptions>>((options, api) =>
        {
            var seconds = api.Value.RequestTimeoutSeconds;
            if (seconds <= 0)
            {
                return;
            }

            options.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(seconds),
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = context => WriteProblem(context, seconds),
            };
        });
        return services;
    }

    /// <summary>Adds the middleware; it must run inside the exception handler so that its answer is a problem.</summary>
    public static WebApplication UseApiRequestTimeouts(this WebApplication app)
    {
        app.UseRequestTimeouts();
        return app;
    }

    private static async Task WriteProblem(HttpContext context, int seconds)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The request took too long.",
                Detail = $"The request did not complete within {seconds} s (Api:RequestTimeoutSeconds).",
            },
        }).ConfigureAwait(false);
    }
}
