using FluentValidation;

namespace ImageRefApi.Infrastructure;

/// <summary>
/// Checks the shape of a request body of type <typeparamref name="T"/> with its FluentValidation validator
/// before the handler runs, answering 400 with a validation problem that names each offending field.
/// </summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
    where T : class
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        T? body = null;
        foreach (var argument in context.Arguments)
        {
            if (argument is T match)
            {
                body = match;
                break;
            }
        }

        if (body is null)
        {
            return TypedResults.ValidationProblem(ValidationFilterErrors.Required("body"));
        }

        var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted).ConfigureAwait(false);
        return result.IsValid ? await next(context).ConfigureAwait(false) : TypedResults.ValidationProblem(result.ToDictionary());
    }
}

/// <summary>Error dictionaries shared by the filter and the handlers.</summary>
internal static class ValidationFilterErrors
{
    /// <summary>The errors for a missing field, or for a missing body when <paramref name="field"/> is <c>body</c>.</summary>
    public static Dictionary<string, string[]> Required(string field) => new(StringComparer.Ordinal)
    {
        [field] = [field == "body" ? "A JSON request body is required." : $"'{field}' is required."],
    };
}
