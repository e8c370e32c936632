using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using ImageRefApi.Core.Resolution;
using ImageRefApi.Diagnostics;
using ImageRefApi.Policies;
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
        var checker = services.GetRequiredService<ReferenceChecker>();
        var selector = services.GetRequiredService<PolicySelector>();
        var policies = services.GetRequiredService<ITagPolicyService>();
        var catalog = services.GetRequiredService<DiagnosticCatalog>();
        var defaultPolicy = Select(selector, null);
        switch (operation.OperationId)
        {
            case ReferencesApi.ValidateName:
                foreach (var (name, input) in SingleExamples)
                {
                    AddRequest(operation, name, ApiExamples.Summary(name, input), new ValidateRequest(input));
                    AddResponse(operation, "200", name, $"{input} (default policy)", checker.Check(input, defaultPolicy));
                }

                foreach (var (name, summary, request) in ApiExamples.PolicyRequests.Concat(PolicyRequests))
                {
                    AddRequest(operation, name, summary, request);
                    AddResponse(operation, "200", name, summary, checker.Check(request.Reference!, Select(selector, request.Policy)));
                }

                AddResolveExamples(operation, checker, defaultPolicy);
                AddProblems(operation);
                AddValidatorProblems(operation, ApiExamples.ValidateProblems);
                AddPolicyProblems(operation, selector);
                break;
            case ReferencesApi.ValidateBatchName:
                var batch = SingleExamples.Select(e => e.Input).ToArray();
                AddRequest(operation, "mixed", "Four references, valid and invalid", new BatchValidateRequest(batch));
                AddRequest(operation, "inlinePolicy", "The same, judged by an inline policy", new BatchValidateRequest(batch, ApiExamples.InlinePolicy));
                AddResponse(operation, "200", "mixed", "Results in request order, with totals (default policy)", Batch(checker, batch, defaultPolicy));
                AddResponse(operation, "200", "inlinePolicy", "The same, judged by the inline policy", Batch(checker, batch, Select(selector, ApiExamples.InlinePolicy)));
                var strictBatch = new[] { "nginx:1.27.3", "nginx:latest", "ghcr.io/acme/api:2.1.0@" + ExampleDigest };
                var strictRequest = new BatchValidateRequest(strictBatch, JsonSerializer.SerializeToElement("strict"));
                AddRequest(operation, "strict", "Three references judged by the strict policy", strictRequest);
                AddResponse(operation, "200", "strict", "The strict policy's verdicts", Batch(checker, strictBatch, Select(selector, strictRequest.Policy)));
                AddProblems(operation);
                AddValidatorProblems(operation, ApiExamples.BatchProblems);
                AddPolicyProblems(operation, selector);
                break;
            case ReferencesApi.ResolveName:
                AddRequest(operation, "tag", "A tag, looked up in its registry", new ResolveRequest("ghcr.io/acme/api:2.1.0"));
                AddRequest(operation, "platform", "A tag and the platform to find in its index", new ResolveRequest("ghcr.io/acme/api:2.1.0", "linux/arm64"));
                AddResponse(operation, "200", "resolved", "Resolved (illustrative: a real answer carries the registry's digest)", ResolvedExample());
                var invalid = checker.ResolveAsync("redis:7@sha256:abc", null, CancellationToken.None);
                if (invalid.IsCompletedSuccessfully)
                {
                    AddRequest(operation, "invalid", "An invalid reference: no registry call", new ResolveRequest("redis:7@sha256:abc"));
                    AddResponse(operation, "200", "invalid", "Invalid: the parser's diagnostics, resolution null", invalid.Result);
                }

                if (!services.GetRequiredService<IOptions<ResolutionOptions>>().Value.Enabled)
                {
                    // Disabled: the real resolver answers at once without any I/O.
                    AddResponse(operation, "200", "disabled", "Resolution disabled on this server (the default)",
                        checker.ResolveAsync("ghcr.io/acme/api:2.1.0", null, CancellationToken.None).GetAwaiter().GetResult());
                }

                AddProblems(operation);
                AddValidatorProblems(operation, ResolveProblems);
                break;
            case PoliciesApi.ListName:
                AddResponse(operation, "200", "policies", "The named policies", policies.ListPolicies());
                AddResponse(operation, "500", "unexpected", "Unexpected failure (no internals outside Development)", Unexpected());
                break;
            case PoliciesApi.GetName:
                if (policies.TryGetPolicy("strict", out var strict))
                {
                    AddResponse(operation, "200", "strict", "The strict policy's effective rules", new PolicyDetailDto("strict", strict.GetRules()));
                }

                AddResponse(operation, "404", "unknown", "No such policy", Problem(404, "Policy not found", PoliciesApi.NotFoundDetail("prod", policies), "https://tools.ietf.org/html/rfc9110#section-15.5.5"));
                AddResponse(operation, "500", "unexpected", "Unexpected failure (no internals outside Development)", Unexpected());
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

    /// <summary>A digest for the illustrative resolution example (no registry is contacted to build the document).</summary>
    private const string ExampleDigest = "sha256:4c6f4f8b7e2f1ad7b3d1c4b5a6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";

    /// <summary>More validate requests with a policy, beside <see cref="ApiExamples.PolicyRequests"/>.</summary>
    internal static IEnumerable<(string Name, string Summary, ValidateRequest Request)> PolicyRequests =>
    [
        ("permissivePolicy", "Syntax only: the permissive policy", new ValidateRequest("nginx:latest", JsonSerializer.SerializeToElement("permissive"))),
        ("inlinePathBoundary", "Inline policy: docker.io/library/ matches whole path segments, not library-evil",
            new ValidateRequest("docker.io/library-evil/nginx:1.27.3", JsonSerializer.SerializeToElement(new { allowedRegistries = LibraryOnly }))),
    ];

    private static readonly string[] LibraryOnly = ["docker.io/library/"];

    /// <summary>Malformed resolve requests, answered by the real validator.</summary>
    internal static IEnumerable<(string Name, string Summary, ResolveRequest Request)> ResolveProblems =>
    [
        ("missingReference", "'reference' missing or not a string", new ResolveRequest(null)),
        ("badPlatform", "'platform' is not os/arch[/variant]", new ResolveRequest("nginx:1.27", "linux")),
    ];

    private static SelectedPolicy Select(PolicySelector selector, JsonElement? policy) =>
        selector.TrySelect(policy, out var selected, out var errors)
            ? selected
            : throw new InvalidOperationException($"OpenAPI example policy is invalid: {string.Join("; ", errors.Keys)}");

    private static BatchValidationResponse Batch(ReferenceChecker checker, string[] inputs, SelectedPolicy policy)
    {
        var results = inputs.Select(i => checker.Check(i, policy)).ToArray();
        return new BatchValidationResponse(results, BatchSummary.Of(results));
    }

    private void AddResolveExamples(OpenApiOperation operation, ReferenceChecker checker, SelectedPolicy defaultPolicy)
    {
        const string input = "ghcr.io/acme/api:2.1.0";
        AddRequest(operation, "resolve", "Also ask the registry (\"resolve\": true)", new ValidateRequest(input, Resolve: true));
        if (!services.GetRequiredService<IOptions<ResolutionOptions>>().Value.Enabled)
        {
            // Disabled: the real resolver answers at once without any I/O, so the example is the real answer.
            AddResponse(operation, "200", "resolve", "\"resolve\": true on a server with resolution disabled (the default)",
                checker.CheckAsync(input, defaultPolicy, resolve: true, CancellationToken.None).GetAwaiter().GetResult());
        }
    }

    private ResolveResultDto ResolvedExample()
    {
        const string tagged = "ghcr.io/acme/api:2.1.0";
        var parser = services.GetRequiredService<IReferenceParser>();
        var pinned = $"{tagged}@{ExampleDigest}";
        var result = new ResolutionResult(
            ResolutionStatus.Resolved, true, ExampleDigest, "application/vnd.oci.image.index.v1+json", ["linux/amd64", "linux/arm64/v8"], null, pinned,
            new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
            [new Diagnostic(ResolutionDiagnostics.PinDigest, Core.Parsing.Severity.Info, $"Tag '2.1.0' currently resolves to {ExampleDigest}; pin it for reproducible pulls.", null, [new Suggestion("Pin 2.1.0 to its current digest", pinned)])]);
        return ResolveResultDto.From(parser.Analyze(tagged), ResolutionDto.From(result, null), result.Diagnostics);
    }

    private static readonly string[] BadRegistries = ["*example.com"];

    private void AddPolicyProblems(OpenApiOperation operation, PolicySelector selector)
    {
        _ = selector.TrySelect(JsonSerializer.SerializeToElement("prod"), out _, out var unknown);
        AddResponse(operation, "400", "unknownPolicy", "'policy' names no configured policy", ValidationProblem(unknown!));
        var inline = new Dictionary<string, object> { ["allowedRegistries"] = BadRegistries, ["disalowLatest"] = true };
        _ = selector.TrySelect(JsonSerializer.SerializeToElement(inline), out _, out var invalid);
        AddResponse(operation, "400", "invalidInlinePolicy", "An invalid inline policy: errors name policy.<key>", ValidationProblem(invalid!));
    }

    private static HttpValidationProblemDetails ValidationProblem(IDictionary<string, string[]> errors) => ExampleProblems.Validation(errors);

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

    private static ProblemDetails Problem(int status, string title, string? detail, string type) => ExampleProblems.Problem(status, title, detail, type);

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
