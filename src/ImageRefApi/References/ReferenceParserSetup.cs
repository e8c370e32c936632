using ImageRefApi.Core.Parsing;
using Microsoft.Extensions.Options;

namespace ImageRefApi.References;

/// <summary>Registers the parser service of ImageRefApi.Core.</summary>
internal static class ReferenceParserSetup
{
    /// <summary>The configuration section of <see cref="ReferenceParserOptions"/>.</summary>
    public const string Section = "Parser";

    /// <summary>Adds <see cref="IReferenceParser"/> as a singleton with options from <c>Parser:*</c>.</summary>
    public static IServiceCollection AddReferenceParser(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReferenceParserOptions>()
            .Bind(configuration.GetSection(Section))
            .Validate(o => o.MaxInputLength >= 1, $"{Section}:MaxInputLength must be at least 1.");

        // The parser is stateless and thread-safe; one instance serves every request.
        services.AddSingleton<IReferenceParser>(sp => new ReferenceParser(sp.GetRequiredService<IOptions<ReferenceParserOptions>>().Value));
        return services;
    }
}
