using FluentValidation;
using ImageRefApi.Core.Resolution;
using ImageRefApi.Infrastructure;
using ImageRefApi.Policies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ImageRefApi.References;

/// <summary>The <c>/v1/references</c> endpoints: validate one reference or a batch.</summary>
internal static class ReferencesApi
{
    /// <summary>The route name of <see cref="Validate"/>.</summary>
    public const string ValidateName = "ValidateReference";

    /// <summary>The route name of <see cref="ValidateBatch"/>.</summary>
    public const string ValidateBatchName = "ValidateReferenceBatch";

    /// <summary>The route name of <see cref="Resolve"/>.</summary>
    public const string ResolveName = "ResolveReference";

    /// <summary>Registers the request validators, the registry resolver (<c>Resolution:*</c>, off by default) and the checker the endpoints use.</summary>
    public static IServiceCollection AddReferencesApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidator<ValidateRequest>, ValidateRequestValidator>();
        services.AddSingleton<IValidator<BatchValidateRequest>, BatchValidateRequestValidator>();
        services.AddSingleton<IValidator<ResolveRequest>, ResolveRequestValidator>();
        services.AddRegistryResolution(configuration);
        services.AddSingleton<ReferenceChecker>();
        return services;
    }

    /// <summary>Maps <c>POST /v1/references/validate</c> and <c>POST /v1/references/validate/batch</c>.</summary>
    public static RouteGroupBuilder MapReferencesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/references").WithTags("References");

        group.MapPost("/validate", Validate)
            .WithName(ValidateName)
            .WithSummary("Validate one image reference")
            .WithDescription(
                "Parses the reference the way Docker and Podman do and answers with both engines' verdicts " +
                "(with their exact error text), the parsed components and every diagnostic with a stable code, " +
                "a severity, a UTF-16 span and suggested corrections, the tag's classification and the verdict of a tag " +
                "policy (`\"policy\"`: a name from `GET /v1/policies` or an inline object; `default` when absent; " +
                "`\"permissive\"` checks syntax only). `\"resolve\": true` also asks the registry (when the server enables " +
                "resolution) and adds `resolution`. An invalid reference is a successful request: 200 with `valid: false` " +
                "and diagnostics. 400 is for a malformed request, an unknown policy name or an invalid inline policy.")
            .AddEndpointFilter<ValidationFilter<ValidateRequest>>()
            .ProducesCommonProblems();

        group.MapPost("/validate/batch", ValidateBatch)
            .WithName(ValidateBatchName)
            .WithSummary("Validate many image references at once")
            .WithDescription(
                "Validates up to `Api:MaxBatchSize` references (1,000 by default) and answers with one result per " +
                "reference, in the order sent, plus totals. Each result has the same shape as the single endpoint's. " +
                "The policy is resolved once for the whole batch; with `\"resolve\": true` each distinct reference is " +
                "looked up once, at most `Resolution:MaxConcurrentResolutions` at a time.")
            .AddEndpointFilter<ValidationFilter<BatchValidateRequest>>()
            .ProducesCommonProblems();

        group.MapPost("/resolve", Resolve)
            .WithName(ResolveName)
            .WithSummary("Ask the registry whether a reference exists and what digest it has")
            .WithDescription(
                "Looks the reference up over the OCI Distribution API and answers with `exists`, the real `digest`, " +
                "`mediaType`, the `platforms` of an index, the `pinned` form and `checkedAt`, plus diagnostics (missing " +
                "tag with nearby tags, moved tag, missing digest, pin suggestion). Off unless `Resolution:Enabled`; only " +
                "allow-listed registries on public addresses are contacted. An invalid reference gets the parser's " +
                "diagnostics and no registry call; with resolution disabled or refused the answer is still 200, with " +
                "`status: refused` and a diagnostic saying why.")
            .AddEndpointFilter<ValidationFilter<ResolveRequest>>()
            .ProducesCommonProblems();

        return group;
    }

    /// <summary>Validates one image reference.</summary>
    /// <param name="request">The reference, an optional policy and whether to ask the registry.</param>
    /// <param name="selector">Turns the request's policy into a compiled one.</param>
    /// <param name="checker">Parses, resolves and judges.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    /// <response code="200">The analysis; <c>valid</c> is Docker's verdict, <c>policy.compliant</c> the policy's.</response>
    /// <response code="400">The request is malformed (not JSON, <c>reference</c> missing or not a string), names an unknown policy, or sends an invalid inline policy (<c>errors</c> names <c>policy.&lt;key&gt;</c>).</response>
    internal static async Task<Results<Ok<ValidationResultDto>, ValidationProblem>> Validate(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ValidateRequest? request,
        PolicySelector selector,
        ReferenceChecker checker,
        CancellationToken cancellationToken)
    {
        // ValidationFilter has already refused a missing body or reference; this keeps the handler honest on its own.
        if (request?.Reference is not { } reference)
        {
            return TypedResults.ValidationProblem(ValidationFilterErrors.Required("reference"));
        }

        if (!selector.TrySelect(request.Policy, out var policy, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await checker.CheckAsync(reference, policy, request.Resolve, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Validates a batch of image references.</summary>
    /// <param name="request">The references, an optional policy and whether to ask the registries.</param>
    /// <param name="selector">Turns the request's policy into a compiled one (once for the whole batch).</param>
    /// <param name="checker">Parses, resolves and judges.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    /// <response code="200">One result per reference, in order, and totals.</response>
    /// <response code="400">The request is malformed, empty, larger than the batch limit, or its policy is unknown or invalid.</response>
    internal static async Task<Results<Ok<BatchValidationResponse>, ValidationProblem>> ValidateBatch(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] BatchValidateRequest? request,
        PolicySelector selector,
        ReferenceChecker checker,
        CancellationToken cancellationToken)
    {
        if (request?.References is not { } references)
        {
            return TypedResults.ValidationProblem(ValidationFilterErrors.Required("references"));
        }

        if (!selector.TrySelect(request.Policy, out var policy, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Null items were refused by the validator; an empty string is a real (invalid) reference.
        var inputs = references.Select(r => r ?? string.Empty).ToArray();
        var results = await checker.CheckBatchAsync(inputs, policy, request.Resolve, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new BatchValidationResponse(results, BatchSummary.Of(results)));
    }

    /// <summary>Resolves one image reference against its registry.</summary>
    /// <param name="request">The reference and an optional platform.</param>
    /// <param name="checker">Parses and resolves.</param>
    /// <param name="cancellationToken">Aborted with the request.</param>
    /// <response code="200">The registry's answer; for an invalid reference, the parser's diagnostics and no registry call; with resolution disabled, <c>status: refused</c> and a <c>RESOLUTION_DISABLED</c> diagnostic.</response>
    /// <response code="400">The request is malformed: not JSON, <c>reference</c> missing or not a string, or <c>platform</c> not <c>os/arch[/variant]</c>.</response>
    internal static async Task<Results<Ok<ResolveResultDto>, ValidationProblem>> Resolve(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ResolveRequest? request,
        ReferenceChecker checker,
        CancellationToken cancellationToken)
    {
        if (request?.Reference is not { } reference)
        {
            return TypedResults.ValidationProblem(ValidationFilterErrors.Required("reference"));
        }

        return TypedResults.Ok(await checker.ResolveAsync(reference, request.Platform, cancellationToken).ConfigureAwait(false));
    }
}
