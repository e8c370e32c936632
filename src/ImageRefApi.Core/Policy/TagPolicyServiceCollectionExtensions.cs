using FluentValidation;
using ImageRefApi.Core.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the tag-policy service.</summary>
public static class TagPolicyServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>TagPolicy</c> section of <paramref name="configuration"/> over the presets, validates every
    /// policy when the host starts (the host refuses to start and the message names the key), and registers
    /// <see cref="ITagPolicyService"/>, <see cref="IValidator{T}"/> of <see cref="TagPolicyRules"/> (for inline
    /// policies) and <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is already registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The root configuration (the section is read from it).</param>
    public static IServiceCollection AddTagPolicies(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IValidator<TagPolicyRules>, TagPolicyRulesValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TagPolicyOptions>, TagPolicyOptionsValidator>());
        services.AddOptions<TagPolicyOptions>()
            .Configure(options => TagPolicyConfiguration.Apply(configuration.GetSection(TagPolicyOptions.SectionName), options))
            .ValidateOnStart();
        services.TryAddSingleton<ITagPolicyService, TagPolicyService>();
        return services;
    }
}
