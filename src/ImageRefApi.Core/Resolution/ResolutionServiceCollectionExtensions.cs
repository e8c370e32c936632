using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageRefApi.Core.Resolution;

/// <summary>Registers the registry resolver.</summary>
public static class ResolutionServiceCollectionExtensions
{
    /// <summary>The connection string name whose presence puts the resolution cache's second level on Redis.</summary>
    public const string RedisConnectionStringName = "Redis";

    /// <summary>
    /// Adds <see cref="IRegistryResolver"/> bound to the <c>Resolution</c> section (validated at start-up),
    /// a HybridCache for its answers and, when <c>ConnectionStrings:Redis</c> is set, Redis as the shared L2 cache.
    /// </summary>
    public static IServiceCollection AddRegistryResolution(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ResolutionOptions>()
            .Bind(configuration.GetSection(ResolutionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResolutionOptions>, ResolutionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var redis = configuration.GetConnectionString(RedisConnectionStringName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddStackExchangeRedisCache(o => o.Configuration = redis);
        }

        services.AddHybridCache().AddSerializer<ManifestEntry, ManifestEntrySerializer>();
        services.TryAddSingleton<IRegistryResolver, RegistryResolver>();
        return services;
    }
}
