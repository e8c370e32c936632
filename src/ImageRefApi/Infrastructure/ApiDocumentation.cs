using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Diagnostics;
using ImageRefApi.References;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ImageRefApi.Infrastructure;

/// <summary>The OpenAPI document (<c>/swagger/v1/swagger.json</c>) and Swagger UI (<c>/swagger</c>).</summary>
internal static class ApiDocumentation
{
    /// <summary>Registers the generator with XML comments and real examples.</summary>
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ImageRefApi",
                Version = "v1",
                Description = ApiExamples.Description,
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            o.IncludeXmlComments(xml);
            o.OperationFilter<ExamplesOperationFilter>();
        });
        return services;
    }

    /// <summary>Serves the document and the UI in every environment: the API is meant to be tried.</summary>
    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "ImageRefApi v1");
            o.DocumentTitle = "ImageRefApi · Swagger UI";
            // Show how long a request took, and keep the schemas folded: people come here to try references.
            o.DisplayRequestDuration();
            o.DefaultModelsExpandDepth(0);
        });
        return app;
    }
}

/// <summary>
/// Adds request and response examples. Response examples are computed by the real parser and serializer,
/// so the document cannot drift from what the service answers.
/// </summary>
internal sealed class ExamplesOperationFilter(IServiceProvider services, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IOperationFilter
{
    private JsonSerializerOptions? requestJson;

    /// <summary>The single-reference examples (name, input), in the order of the UI's Examples list.</summary>
    internal static readonly (string Name, string Input)[] SingleExamples =
    [
        ("valid", "nginx:1.27"),
        ("huggingface", "huggingface-pytorch-training:xxxx:latest"),
        ("uppercase", "Docker.io/Library/Nginx:1.27"),
        ("digest", "ghcr.io/acme/api:2.1.0@sha256:4c6f4f8b7e2f1ad7b3d1c4b5a6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809"),
    ];

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        // Resolved here, not in the constructor: the generator is built for every request that reaches the Swagger
        // middleware, and a misconfigured parser must only make readiness fail, not every request.
        var parser = services.GetRequiredService<IReferenceParser>();
        var catalog = services.GetRequiredService<DiagnosticCatalog>();
        switch (operation.OperationId)
        {
            case ReferencesApi.ValidateName:
                foreach (var (name, input) in SingleExamples)
                {
                    AddRequest(operation, name, ApiExamples.Summary(name, input), new ValidateRequest(input));
                    AddResponse(operation, "200", name, input, ValidationResultDto.From(parser.Analyze(input)));
                }

                foreach (var (name, summary, request) in ApiExamples.PolicyRequests)
                {
                    AddRequest(operation, name, summary, request);
                }

                AddProblems(operation);
                AddValidatorProblems(operation, ApiExamples.ValidateProblems);
                break;
            case ReferencesApi.ValidateBatchName:
                var batch = SingleExamples.Select(e => e.Input).ToArray();
                AddRequest(operation, "mixed", "Four references, valid and invalid", new BatchValidateRequest(batch));
                AddRequest(operation, "inlinePolicy", "The same, judged by an inline policy", new BatchValidateRequest(batch, ApiExamples.InlinePolicy));
                var results = batch.Select(r => ValidationResultDto.From(parser.Analyze(r))).ToArray();
                AddResponse(operation, "200", "mixed", "Results in request order, with totals", new BatchValidationResponse(results, BatchSummary.Of(results)));
                AddProblems(operation);
                AddValidatorProblems(operation, ApiExamples.BatchProblems);
                break;
            case DiagnosticsApi.GetCatalogName:
                AddResponse(operation, "200", "catalog", "The catalog", catalog.Descriptors);
                AddResponse(operation, "500", "unexpected", "Unexpected failure (no internals outside Development)", Unexpected());
                break;
        }

        // Endpoints added by other areas get their request examples by route, so they appear as soon as the route exists.
        foreach (var (name, summary, value) in ApiExamples.ForRoute(context.ApiDescription.HttpMethod, context.ApiDescription.RelativePath))
        {
            AddRequest(operation, name, summary, value);
        }
    }

    /// <summary>400 examples made by the endpoint's real FluentValidation validator, so their messages are the ones sent.</summary>
    private void AddValidatorProblems<T>(OpenApiOperation operation, IEnumerable<(string Name, string Summary, T Request)> cases)
    {
        var validator = services.GetRequiredService<IValidator<T>>();
        foreach (var (name, summary, request) in cases)
        {
            var errors = validator.Validate(request).ToDictionary();
            if (errors.Count > 0)
            {
                AddResponse(operation, "400", name, summary, new HttpValidationProblemDetails(errors)
                {
                    Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                    Title = "One or more validation errors occurred.",
                    Status = 400,
                    Extensions = { ["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00" },
                });
            }
        }
    }

    private void AddProblems(OpenApiOperation operation)
    {
        // The errors of an empty body come from the same code the endpoint filter answers with.
        AddResponse(operation, "400", "emptyBody", "No request body", new HttpValidationProblemDetails(ValidationFilterErrors.Required("body"))
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more validation errors occurred.",
            Status = 400,
            Extensions = { ["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00" },
        });
        AddResponse(operation, "400", "malformedJson", "Malformed JSON", Problem(400, "The request body is not valid JSON.", "The JSON broke at line 1, byte 15.", "https://tools.ietf.org/html/rfc9110#section-15.5.1"));
        AddResponse(operation, "413", "tooLarge", "Body over Api:MaxRequestBodyBytes", Problem(413, "Payload Too Large", "The request body is larger than the limit (Api:MaxRequestBodyBytes).", "https://tools.ietf.org/html/rfc9110#section-15.5.14"));
        AddResponse(operation, "415", "notJson", "Content type is not JSON", Problem(415, "Unsupported Media Type", "Send the request body as JSON with 'Content-Type: application/json'.", "https://tools.ietf.org/html/rfc9110#section-15.5.16"));
        AddResponse(operation, "500", "unexpected", "Unexpected failure (no internals outside Development)", Unexpected());
    }

    private static ProblemDetails Unexpected() =>
        Problem(500, "An unexpected error occurred.", null, "https://tools.ietf.org/html/rfc9110#section-15.6.1");

    private static ProblemDetails Problem(int status, string title, string? detail, string type) => new()
    {
        Type = type,
        Title = title,
        Status = status,
        Detail = detail,
        Extensions = { ["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00" },
    };

    private void AddRequest(OpenApiOperation operation, string name, string summary, object value)
    {
        if (operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Examples ??= new Dictionary<string, IOpenApiExample>();
                // An example the endpoint's own code already added wins over a generic one keyed by route.
                media.Examples.TryAdd(name, new OpenApiExample { Summary = summary, Value = RequestNode(value) });
            }
        }
    }

    private void AddResponse(OpenApiOperation operation, string status, string name, string summary, object value)
    {
        if (operation.Responses?.TryGetValue(status, out var response) == true && response.Content is { } content)
        {
            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Examples ??= new Dictionary<string, IOpenApiExample>();
                media.Examples[name] = new OpenApiExample { Summary = summary, Value = Node(value) };
            }
        }
    }

    private JsonNode? Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), json.Value.SerializerOptions);

    // A request example shows only what a person would type: no "policy": null in the body they start from.
    private JsonNode? RequestNode(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), requestJson ??= new JsonSerializerOptions(json.Value.SerializerOptions)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    });
}
