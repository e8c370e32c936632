using ImageRefApi.Core.Policy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageRefApi.Policies;

/// <summary>The <c>/v1/policies</c> endpoints: the named tag policies and their effective rules.</summary>
internal static class PoliciesApi
{
    /// <summary>The route name of <see cref="List"/>.</summary>
    public const string ListName = "ListPolicies";

    /// <summary>The route name of <see cref="Get"/>.</summary>
    public const string GetName = "GetPolicy";

    /// <summary>Registers the policy service (presets plus <c>TagPolicy:*</c>, validated at start-up) and the request-side selector.</summary>
    public static IServiceCollection AddPoliciesApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTagPolicies(configuration);
        services.AddSingleton<PolicySelector>();
        return services;
    }

    /// <summary>Maps <c>GET /v1/policies</c> and <c>GET /v1/policies/{name}</c>.</summary>
    public static RouteGroupBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/policies").WithTags("Policies");
        group.MapGet("/", List)
            .WithName(ListName)
            .WithSummary("List the named tag policies")
            .WithDescription("Every policy a request may name in `\"policy\"`: the presets `default`, `strict` and `permissive` and those configured under `TagPolicy`, sorted by name. A request without `\"policy\"` is judged by `default`.")
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapGet("/{name}", Get)
            .WithName(GetName)
            .WithSummary("Show a policy's effective rules")
            .WithDescription("Every rule key of the named policy (case-insensitive name) with its effective value, in the shape an inline policy takes. 404 for an unknown name.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return group;
    }

    /// <summary>Lists the named policies.</summary>
    /// <param name="policies">The policy service.</param>
    /// <response code="200">The policies, sorted by name.</response>
    internal static Ok<IReadOnlyList<PolicySummary>> List(ITagPolicyService policies) => TypedResults.Ok(policies.ListPolicies());

    /// <summary>Shows one policy's effective rules.</summary>
    /// <param name="name">The policy name (case-insensitive).</param>
    /// <param name="policies">The policy service.</param>
    /// <response code="200">The policy's name and every rule key with its effective value.</response>
    /// <response code="404">No policy has that name.</response>
    internal static Results<Ok<PolicyDetailDto>, ProblemHttpResult> Get(string name, ITagPolicyService policies)
    {
        if (!policies.TryGetPolicy(name, out var policy))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Policy not found",
                detail: NotFoundDetail(name, policies));
        }

        var configured = policies.ListPolicies().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Name;
        return TypedResults.Ok(new PolicyDetailDto(configured, policy.GetRules()));
    }

    /// <summary>The 404 detail: which names exist.</summary>
    internal static string NotFoundDetail(string name, ITagPolicyService policies) =>
        $"There is no policy named '{name}'; known policies: {string.Join(", ", policies.ListPolicies().Select(p => p.Name))}.";
}

/// <summary>A named policy and its effective rules.</summary>
/// <param name="Name">The name to send as <c>"policy"</c>.</param>
/// <param name="Rules">Every rule key with its effective value; the same object can be sent inline as <c>"policy"</c>.</param>
internal sealed record PolicyDetailDto(string Name, TagPolicyRules Rules);
