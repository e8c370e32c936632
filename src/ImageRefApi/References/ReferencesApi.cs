using FluentValidation;
using ImageRefApi.Core.Parsing;
using ImageRefApi.Infrastructure;
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

    /// <summary>Registers the options and request validators the endpoints use.</summary>
    public static IServiceCollection AddReferencesApi(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<ValidateRequest>, ValidateRequestValidator>();
        services.AddSingleton<IValidator<BatchValidateRequest>, BatchValidateRequestValidator>();
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
                "a severity, a UTF-16 span and suggested corrections. An invalid reference is a successful " +
                "request: 200 with `valid: false` and diagnostics. 400 is only for a malformed request.")
            .AddEndpointFilter<ValidationFilter<ValidateRequest>>()
            .ProducesCommonProblems();

        group.MapPost("/validate/batch", ValidateBatch)
            .WithName(ValidateBatchName)
            .WithSummary("Validate many image references at once")
            .WithDescription(
                "Validates up to `Api:MaxBatchSize` references (1,000 by default) and answers with one result per " +
                "reference, in the order sent, plus totals. Each result has the same shape as the single endpoint's.")
            .AddEndpointFilter<ValidationFilter<BatchValidateRequest>>()
            .ProducesCommonProblems();

        return group;
    }

    /// <summary>Validates one image reference.</summary>
    /// <param name="request">The reference and an optional policy.</param>
    /// <param name="parser">The parser service.</param>
    /// <response code="200">The analysis; <c>valid</c> is Docker's verdict.</response>
    /// <response code="400">The request is malformed: not JSON, or <c>reference</c> missing or not a string.</response>
    internal static Results<Ok<ValidationResultDto>, ValidationProblem> Validate(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ValidateRequest? request,
        IReferenceParser parser)
    {
        // ValidationFilter has already refused a missing body or reference; this keeps the handler honest on its own.
        if (request?.Reference is not { } reference)
        {
            return TypedResults.ValidationProblem(ValidationFilterErrors.Required("reference"));
        }

        // TODO(lead, issue 4): apply request.Policy here and pass the verdict to ValidationResultDto.From.
        return TypedResults.Ok(ValidationResultDto.From(parser.Analyze(reference)));
    }

    /// <summary>Validates a batch of image references.</summary>
    /// <param name="request">The references and an optional policy.</param>
    /// <param name="parser">The parser service.</param>
    /// <response code="200">One result per reference, in order, and totals.</response>
    /// <response code="400">The request is malformed, empty, or larger than the batch limit.</response>
    internal static Results<Ok<BatchValidationResponse>, ValidationProblem> ValidateBatch(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] BatchValidateRequest? request,
        IReferenceParser parser)
    {
        if (request?.References is not { } references)
        {
            return TypedResults.ValidationProblem(ValidationFilterErrors.Required("references"));
        }

        var results = new ValidationResultDto[references.Count];
        for (var i = 0; i < results.Length; i++)
        {
            // Null items were refused by the validator; an empty string is a real (invalid) reference.
            results[i] = ValidationResultDto.From(parser.Analyze(references[i] ?? string.Empty));
        }

        return TypedResults.Ok(new BatchValidationResponse(results, BatchSummary.Of(results)));
    }
}
