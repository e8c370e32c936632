using Microsoft.AspNetCore.Mvc;

namespace ImageRefApi.Infrastructure;

/// <summary>The problem bodies the OpenAPI examples show, shaped exactly as the service sends them.</summary>
internal static class ExampleProblems
{
    /// <summary>A fixed trace id, so that the document is the same on every start.</summary>
    public const string TraceId = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    public static ProblemDetails Problem(int status, string title, string? detail, string type) => new()
    {
        Type = type,
        Title = title,
        Status = status,
        Detail = detail,
        Extensions = { ["traceId"] = TraceId },
    };

    public static HttpValidationProblemDetails Validation(IDictionary<string, string[]> errors) => new(errors)
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        Title = "One or more validation errors occurred.",
        Status = 400,
        Extensions = { ["traceId"] = TraceId },
    };
}
