using System.Text.Json;
using ImageRefApi.References;

namespace ImageRefApi.Infrastructure;

/// <summary>
/// The texts and request examples of the OpenAPI document that a person sees in Swagger UI. Responses are not
/// here: <see cref="ExamplesOperationFilter"/> computes them with the real parser and validators.
/// </summary>
internal static class ApiExamples
{
    /// <summary>The path of the diagnostics catalog, linked from the description.</summary>
    public const string CatalogPath = "/v1/diagnostics";

    /// <summary>The path of the tag policy list, linked from the description.</summary>
    public const string PoliciesPath = "/v1/policies";

    /// <summary>The document's description (CommonMark, as Swagger UI renders it): what it is and a three-line how-to.</summary>
    public const string Description =
        "Validates container image references (`[registry[:port]/]path[:tag][@digest]`) exactly as Docker and Podman do, " +
        "and explains every problem with a stable code, a severity, a UTF-16 span and suggested corrections.\n\n" +
        "**Try it**\n\n" +
        "1. Open **POST /v1/references/validate** below and click **Try it out**.\n" +
        "2. Pick a case from the **Examples** list above the request body, or type your own reference.\n" +
        "3. Click **Execute**: the response lists each diagnostic with its code, the span of the offending text and corrected references to use instead.\n\n" +
        "Every code is explained in the [diagnostics catalog](" + CatalogPath + "); " +
        "the tag policies a request may name are listed at [" + PoliciesPath + "](" + PoliciesPath + ").";

    /// <summary>A small inline policy: no <c>latest</c>, Docker Hub and GitHub's registry only (keys as in docs/policy.md).</summary>
    public static JsonElement InlinePolicy { get; } = Parse("""{"disallowLatest": true, "allowedRegistries": ["docker.io", "ghcr.io"]}""");

    /// <summary>The dropdown label of a single-reference example.</summary>
    public static string Summary(string name, string input) => name switch
    {
        "valid" => $"Valid: {input}",
        "huggingface" => $"Two tags: {input}",
        "uppercase" => $"Uppercase repository: {input}",
        "digest" => "Tag and digest: " + (input.Length > 40 ? input[..40] + "…" : input),
        _ => input,
    };

    /// <summary>Validate requests that carry a policy (request examples only: the answer depends on the policy service).</summary>
    public static IEnumerable<(string Name, string Summary, ValidateRequest Request)> PolicyRequests =>
    [
        ("inlinePolicy", "Inline policy: no latest, docker.io and ghcr.io only", new ValidateRequest("quay.io/prometheus/node-exporter:latest", InlinePolicy)),
        ("namedPolicy", "Named policy: strict", new ValidateRequest("python:3.12", Parse("\"strict\""))),
    ];

    /// <summary>Malformed validate requests, answered by the real validator.</summary>
    public static IEnumerable<(string Name, string Summary, ValidateRequest Request)> ValidateProblems =>
    [
        ("missingReference", "'reference' missing or not a string", new ValidateRequest(null)),
        ("policyNotNameOrObject", "'policy' is neither a name nor an object", new ValidateRequest("nginx", Parse("42"))),
    ];

    /// <summary>Malformed batch requests, answered by the real validator.</summary>
    public static IEnumerable<(string Name, string Summary, BatchValidateRequest Request)> BatchProblems =>
    [
        ("missingReferences", "'references' missing", new BatchValidateRequest(null)),
        ("emptyBatch", "'references' empty", new BatchValidateRequest([])),
        ("nullItem", "An item that is not a string", new BatchValidateRequest(["nginx", null])),
    ];

    /// <summary>
    /// Request examples by route, for endpoints whose request types live elsewhere (file scanning:
    /// <c>{"kind", "path", "content", "policy"}</c>). Nothing is added while the route does not exist.
    /// </summary>
    public static IEnumerable<(string Name, string Summary, object Value)> ForRoute(string? method, string? relativePath)
    {
        var route = $"{method?.ToUpperInvariant()} {relativePath?.Trim('/')}";
        return string.Equals(route, "POST v1/scan", StringComparison.OrdinalIgnoreCase) ? ScanRequests : [];
    }

    private static readonly (string Name, string Summary, object Value)[] ScanRequests =
    [
        ("dockerfile", "A small Dockerfile (two stages, an ARG, latest)", new
        {
            kind = "dockerfile",
            path = "Dockerfile",
            content = """
                # syntax=docker/dockerfile:1
                ARG NODE_VERSION=22
                FROM node:${NODE_VERSION}-alpine AS build
                WORKDIR /src
                COPY . .
                RUN npm ci && npm run build

                FROM nginx:latest
                COPY --from=build /src/dist /usr/share/nginx/html

                """,
        }),
        ("compose", "A Compose file (uppercase name, variable with a default)", new
        {
            kind = "compose",
            path = "compose.yaml",
            content = """
                services:
                  web:
                    image: Nginx:1.27
                  cache:
                    image: redis:${REDIS_TAG:-7.4}

                """,
        }),
        ("kubernetesWithPolicy", "A Kubernetes Deployment, judged by an inline policy", new
        {
            kind = "kubernetes",
            path = "deploy.yaml",
            content = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                spec:
                  selector:
                    matchLabels: { app: api }
                  template:
                    metadata:
                      labels: { app: api }
                    spec:
                      initContainers:
                        - name: migrate
                          image: quay.io/acme/migrate:latest
                      containers:
                        - name: api
                          image: ghcr.io/acme/api:2.1.0

                """,
            policy = InlinePolicy,
        }),
    ];

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
