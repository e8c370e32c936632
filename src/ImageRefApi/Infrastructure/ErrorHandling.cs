using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ImageRefApi.Infrastructure;

/// <summary>RFC 9457 problem details for every error the API can answer with.</summary>
internal static class ErrorHandling
{
    /// <summary>Registers the problem details service and the exception handler.</summary>
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Every problem carries the trace id so a client report can be matched with the log.
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        // Binding failures (malformed JSON, wrong content type, body too large) must reach ApiExceptionHandler
        // in every environment, so that they get a problem body saying what went wrong, not an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Turns exceptions and empty error responses (404, 405, …) into problem details.</summary>
    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Declares the problems every POST endpoint can answer with, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesCommonProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status500InternalServerError);
}

/// <summary>
/// Answers bad requests with a 4xx problem that says what was wrong, and anything unexpected with a 500
/// that, outside Development, reveals nothing but the trace id.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, IHostEnvironment environment, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
            BadHttpRequestException bad => FromBadRequest(bad),
            _ => null,
        };

        if (problem is null)
        {
            LogUnexpected(logger, exception);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = environment.IsDevelopment() ? $"{exception.GetType().FullName}: {exception.Message}" : null,
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }

    /// <summary>The problem for a body that is not JSON, or JSON of the wrong shape.</summary>
    internal static ProblemDetails FromJson(JsonException json)
    {
        var line = (json.LineNumber ?? 0) + 1;
        var position = (json.BytePositionInLine ?? 0) + 1;
        var field = FieldName(json.Path);

        // A syntax error carries the reader's own JsonException. Anything else is a value that cannot become the
        // field's type (a number, invalid UTF-8, a lone surrogate escape): a validation problem about that field.
        if (json.InnerException is not JsonException && field is not null)
        {
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [field] = [$"'{field}' must be {Expected(field)} (line {line}, byte {position})."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
            };
        }

        // Valid JSON that is not an object at all (an array, a string): not a request of this endpoint.
        var notAnObject = json.InnerException is not JsonException && json.Path == "$";
        var problem = notAnObject ? new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not a JSON object.",
            Detail = $"Expected a JSON object with the endpoint's fields; found something else at line {line}, byte {position}.",
        } : new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON.",
            Detail = $"The JSON broke at line {line}, byte {position}" + (field is null ? "." : $", inside '{field}'."),
        };
        problem.Extensions["line"] = line;
        problem.Extensions["bytePosition"] = position;
        return problem;
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad) => new()
    {
        Status = bad.StatusCode,
        Title = ReasonPhrases.GetReasonPhrase(bad.StatusCode),
        Detail = bad.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON with 'Content-Type: application/json'.",
            StatusCodes.Status413PayloadTooLarge => "The request body is larger than the limit (Api:MaxRequestBodyBytes).",
            StatusCodes.Status400BadRequest => "A JSON request body is required.",
            _ => null,
        },
    };

    // "$.reference" -> "reference", "$.references[3]" -> "references[3]", "$" -> null.
    private static string? FieldName(string? path) => path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;

    private static string Expected(string field) => field.EndsWith(']') ? TextString : field switch
    {
        "references" => "an array of strings",
        "policy" => "a policy name (string) or a policy object",
        "resolve" => "true or false",
        _ => TextString,
    };

    private const string TextString = "a JSON string of valid Unicode text";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}

/// <summary>Caps the request body size (<c>Api:MaxRequestBodyBytes</c>, 1 MiB by default) with a 413 problem.</summary>
internal static class RequestBodyLimit
{
    /// <summary>Applies the limit to Kestrel too, so chunked bodies are cut off while they are read.</summary>
    public static WebApplicationBuilder AddRequestBodyLimit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.MaxRequestBodyBytes
                ?? new ApiOptions().MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>Refuses a declared oversized body before anything reads it, whatever the server.</summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var max = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = max;
            }

            if (context.Request.ContentLength > max)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            await next(context).ConfigureAwait(false);
        });
        return app;
    }
}
