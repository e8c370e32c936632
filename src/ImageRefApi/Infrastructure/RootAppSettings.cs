using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ImageRefApi.Infrastructure;

/// <summary>Reads the repository-root <c>appsettings.json</c> (and <c>appsettings.{Environment}.json</c>) wherever the host starts.</summary>
internal static class RootAppSettings
{
    /// <summary>
    /// <c>dotnet run</c> and WebApplicationFactory use the project folder as content root, where the linked files do
    /// not exist; the build copies them beside the assembly. Each is added just before its content-root twin, so the
    /// usual precedence (file &lt; environment file &lt; environment variables &lt; command line) holds.
    /// </summary>
    public static WebApplicationBuilder AddRootAppSettings(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var beside = new PhysicalFileProvider(AppContext.BaseDirectory);
        var sources = builder.Configuration.Sources;
        foreach (var name in new[] { "appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json" })
        {
            var index = IndexOf(sources, name);
            var source = new JsonConfigurationSource { Path = name, Optional = true, ReloadOnChange = false, FileProvider = beside };
            if (index < 0)
            {
                sources.Add(source);
            }
            else
            {
                sources.Insert(index, source);
            }
        }

        return builder;
    }

    private static int IndexOf(IList<IConfigurationSource> sources, string path)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource json && json.Path == path)
            {
                return i;
            }
        }

        return -1;
    }
}
