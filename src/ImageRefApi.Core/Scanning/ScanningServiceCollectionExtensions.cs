using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageRefApi.Core.Scanning;

/// <summary>Registers the file scanner.</summary>
public static class ScanningServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IFileScanner"/> as a singleton (it is stateless). Its diagnostic codes are
    /// <see cref="ScanDiagnostics.Descriptors"/>, for the catalog.</summary>
    public static IServiceCollection AddFileScanning(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IFileScanner, FileScanner>();
        return services;
    }
}
