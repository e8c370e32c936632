using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using ImageRefApi.Core.Resolution;
using ImageRefApi.Core.Scanning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageRefApi.Diagnostics;

/// <summary>Every diagnostic code the service can emit, with what it means.</summary>
internal sealed class DiagnosticCatalog
{
    /// <summary>Builds the catalog, sorted by code.</summary>
    /// <exception cref="InvalidOperationException">Two descriptors share a code.</exception>
    public DiagnosticCatalog(IEnumerable<IReadOnlyList<DiagnosticDescriptor>> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var all = sources.SelectMany(s => s).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        var duplicate = all.GroupBy(d => d.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Diagnostic code {duplicate.Key} is declared {duplicate.Count()} times.");
        }

        Entries = all;
        Descriptors = all.Select(DiagnosticDescriptorDto.From).ToList();
    }

    /// <summary>The core descriptors, sorted by code (the SARIF rules of a scan).</summary>
    public IReadOnlyList<DiagnosticDescriptor> Entries { get; }

    /// <summary>The entries, sorted by code.</summary>
    public IReadOnlyList<DiagnosticDescriptorDto> Descriptors { get; }
}

/// <summary>One catalog entry.</summary>
/// <param name="Code">The stable code (UPPER_SNAKE_CASE).</param>
/// <param name="Title">A few words.</param>
/// <param name="Severity">The default severity: <c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Description">What it means and what to do about it.</param>
/// <param name="Example">An input that produces it.</param>
internal sealed record DiagnosticDescriptorDto(string Code, string Title, Severity Severity, string Description, string Example)
{
    /// <summary>Maps a descriptor.</summary>
    public static DiagnosticDescriptorDto From(DiagnosticDescriptor d) => new(d.Code, d.Title, d.Severity, d.Description, d.Example);
}

/// <summary>The <c>/v1/diagnostics</c> endpoint.</summary>
internal static class DiagnosticsApi
{
    /// <summary>The route name of <see cref="GetCatalog"/>.</summary>
    public const string GetCatalogName = "GetDiagnosticCatalog";

    /// <summary>Registers the catalog and the descriptor lists it is made of.</summary>
    public static IServiceCollection AddDiagnosticCatalog(this IServiceCollection services)
    {
        services.AddDiagnosticDescriptors(ParserDiagnostics.Descriptors);
        services.AddDiagnosticDescriptors(PolicyDiagnostics.Descriptors);
        services.AddDiagnosticDescriptors(ResolutionDiagnostics.Descriptors);
        services.AddDiagnosticDescriptors(ScanDiagnostics.Descriptors);
        services.AddSingleton<DiagnosticCatalog>();
        return services;
    }

    /// <summary>Adds one area's descriptors (its <c>&lt;Area&gt;Diagnostics.Descriptors</c>) to the catalog.</summary>
    public static IServiceCollection AddDiagnosticDescriptors(this IServiceCollection services, IReadOnlyList<DiagnosticDescriptor> descriptors)
    {
        services.AddSingleton(descriptors);
        return services;
    }

    /// <summary>Maps <c>GET /v1/diagnostics</c>.</summary>
    public static RouteGroupBuilder MapDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/diagnostics").WithTags("Diagnostics");
        group.MapGet("/", GetCatalog)
            .WithName(GetCatalogName)
            .WithSummary("List every diagnostic code")
            .WithDescription("The catalog of diagnostic codes the service emits, sorted by code: a stable code, a title, the default severity, what it means and what to do, and an example input.")
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return group;
    }

    /// <summary>Lists every diagnostic code.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <response code="200">The catalog, sorted by code.</response>
    internal static Ok<IReadOnlyList<DiagnosticDescriptorDto>> GetCatalog(DiagnosticCatalog catalog) => TypedResults.Ok(catalog.Descriptors);
}
