using System.Text.Json;
using System.Text.Json.Nodes;
using ImageRefApi.Core.Scanning;
using ImageRefApi.Diagnostics;
using ImageRefApi.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ImageRefApi.Scanning;

/// <summary>
/// The response examples of <c>POST /v1/scan</c> for the request examples of <see cref="ApiExamples.ForRoute"/>,
/// computed by the real scanner, judge and serializer (and SARIF writer), so the document cannot drift from what the
/// service answers; and its problem examples.
/// </summary>
internal sealed class ScanExamplesOperationFilter(IServiceProvider services, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IOperationFilter
{
    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (operation.OperationId != ScanApi.ScanName)
        {
            return;
        }

        // Resolved here, not in the constructor: a misconfigured service must only fail readiness, not the document.
        var scanner = services.GetRequiredService<IFileScanner>();
        var judges = services.GetRequiredService<ScanJudges>();
        var catalog = services.GetRequiredService<DiagnosticCatalog>();
        // The request examples are ApiExamples' (added by ExamplesOperationFilter); each gets the real answer here.
        foreach (var (name, summary, value) in ApiExamples.ForRoute(context.ApiDescription.HttpMethod, context.ApiDescription.RelativePath))
        {
            var request = JsonSerializer.Deserialize<ScanRequest>(JsonSerializer.SerializeToUtf8Bytes(value, json.Value.SerializerOptions), json.Value.SerializerOptions);
            if (request?.Content is null || !ScanNames.TryParseKind(request.Kind, out var kind) || !judges.TryCreate(request.Policy, out var judge, out _))
            {
                throw new InvalidOperationException($"The scan example '{name}' is not a valid request.");
            }

            var report = scanner.Scan(new ScanInput(kind, request.Path, request.Content), judge.Analyze);
            Add(Content(operation, "200"), "application/json", name, summary, Node(ScanApi.ToResponse(report, judge)));
            if (name == "dockerfile")
            {
                var sarif = JsonNode.Parse(SarifWriter.ToUtf8Bytes(report, catalog.Entries));
                Add(Content(operation, "200"), SarifWriter.MediaType, name, "The Dockerfile as SARIF 2.1.0 (?format=sarif)", sarif);
            }
        }

        if (Content(operation, "200")?.TryGetValue(SarifWriter.MediaType, out var sarifMedia) == true && sarifMedia is OpenApiMediaType media)
        {
            media.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "A SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/).",
            };
        }

        var problems = Content(operation, "400");
        Add(problems, null, "missingContent", "'content' missing", Node(Validation("content", "'content' is required and must be a string (the file text).")));
        Add(problems, null, "unknownKind", "Unknown kind", Node(Validation("kind", $"'kind' must be {ScanNames.Kinds}; got 'helm'.")));
        Add(problems, null, "unknownFormat", "Unknown format (?format=xml)", Node(Validation("format", $"'format' must be {ScanNames.Formats}; got 'xml'.")));
        Add(problems, null, "notAScanRequest", "A body that is not a scan request (a JSON array)", Node(Problem(400, "The request body is not a JSON object.", "Expected a JSON object with the endpoint's fields; found something else at line 1, byte 2.", "https://tools.ietf.org/html/rfc9110#section-15.5.1")));
        Add(Content(operation, "413"), null, "contentTooLarge", "content over Api:MaxScanContentBytes", Node(Problem(413, "Payload Too Large", "'content' is larger than the limit of 1048576 UTF-8 bytes (Api:MaxScanContentBytes).", "https://tools.ietf.org/html/rfc9110#section-15.5.14")));
        Add(Content(operation, "415"), null, "notJson", "Content type is not JSON", Node(Problem(415, "Unsupported Media Type", "Send the request body as JSON with 'Content-Type: application/json'.", "https://tools.ietf.org/html/rfc9110#section-15.5.16")));
        Add(Content(operation, "500"), null, "unexpected", "Unexpected failure (no internals outside Development)", Node(Problem(500, "An unexpected error occurred.", null, "https://tools.ietf.org/html/rfc9110#section-15.6.1")));
    }

    private static IDictionary<string, IOpenApiMediaType>? Content(OpenApiOperation operation, string status) =>
        operation.Responses?.TryGetValue(status, out var response) == true ? response.Content : null;

    // mediaType null: every media type of the response (problem responses list application/problem+json).
    private static void Add(IDictionary<string, IOpenApiMediaType>? content, string? mediaType, string name, string summary, JsonNode? value)
    {
        if (content is null)
        {
            return;
        }

        foreach (var (type, media) in content)
        {
            if ((mediaType is null || type == mediaType) && media is OpenApiMediaType concrete)
            {
                concrete.Examples ??= new Dictionary<string, IOpenApiExample>();
                concrete.Examples[name] = new OpenApiExample { Summary = summary, Value = value?.DeepClone() };
            }
        }
    }

    private static HttpValidationProblemDetails Validation(string field, string message) => ExampleProblems.Validation(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemDetails Problem(int status, string title, string? detail, string type) => ExampleProblems.Problem(status, title, detail, type);

    private JsonNode? Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), json.Value.SerializerOptions);
}
