using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRefApi.Infrastructure;

/// <summary>The wire format: camelCase names, nulls written, enums as lowercase strings.</summary>
internal static class JsonSetup
{
    /// <summary>Applies the wire format to <paramref name="options"/>.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;

        // Clients rely on every field being present: "tag": null says "no tag", a missing key says nothing.
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    /// <summary>Configures the JSON options of minimal APIs and of the OpenAPI generator alike.</summary>
    public static IServiceCollection AddApiJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => Apply(o.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => Apply(o.JsonSerializerOptions));
        return services;
    }
}
