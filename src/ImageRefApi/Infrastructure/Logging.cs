using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ImageRefApi.Infrastructure;

/// <summary>Serilog from configuration: compact JSON on the console outside Development, readable text in it.</summary>
internal static class Logging
{
    /// <summary>
    /// Optional configuration key overriding the console format: <c>json</c> or <c>text</c>
    /// (default: <c>text</c> in Development, <c>json</c> elsewhere).
    /// </summary>
    public const string ConsoleFormatKey = "Serilog:ConsoleFormat";

    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Replaces the default logging providers with Serilog, configured from the <c>Serilog</c> section.</summary>
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var json = UseJson(builder.Configuration, builder.Environment);

        // preserveStaticLogger: each host gets its own logger and Serilog's static Log.Logger is never frozen,
        // so several hosts (the Development and Production test factories) can live in one process.
        builder.Services.AddSerilog(
            (services, configuration) =>
            {
                configuration
                    .ReadFrom.Configuration(builder.Configuration)
                    .ReadFrom.Services(services)
                    .Enrich.FromLogContext()
                    .Enrich.With<ControlCharacterEscaper>();
                if (json)
                {
                    configuration.WriteTo.Console(new CompactJsonFormatter());
                }
                else
                {
                    configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            },
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>Logs one line per request (method, path, status, elapsed); health probes only at Verbose.</summary>
    public static WebApplication UseStructuredRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // The host's own logger: the static Log.Logger is left alone (see AddStructuredLogging).
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) ? LogEventLevel.Verbose
                : LogEventLevel.Information;
        });
        return app;
    }

    /// <summary>Whether the console gets compact JSON.</summary>
    internal static bool UseJson(IConfiguration configuration, IHostEnvironment environment) =>
        configuration[ConsoleFormatKey]?.ToUpperInvariant() switch
        {
            "JSON" => true,
            "TEXT" => false,
            _ => !environment.IsDevelopment(),
        };
}

/// <summary>
/// Rewrites control characters in every string property as <c>\uXXXX</c>, so that no input (a reference, a path,
/// a header) can forge log lines or send terminal escape sequences, whatever the sink.
/// </summary>
internal sealed class ControlCharacterEscaper : ILogEventEnricher
{
    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var escaped = Escape(value);
            if (!ReferenceEquals(escaped, value))
            {
                (changed ??= []).Add(new LogEventProperty(name, escaped));
            }
        }

        if (changed is not null)
        {
            foreach (var property in changed)
            {
                logEvent.AddOrUpdateProperty(property);
            }
        }
    }

    /// <summary>Escapes control characters; returns <paramref name="s"/> itself when it has none.</summary>
    internal static string Escape(string s)
    {
        var first = IndexOfControl(s);
        if (first < 0)
        {
            return s;
        }

        var builder = new System.Text.StringBuilder(s.Length + 16);
        builder.Append(s, 0, first);
        for (var i = first; i < s.Length; i++)
        {
            var c = s[i];
            if (IsUnsafe(c))
            {
                builder.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // C0, DEL and C1 controls, plus the line and paragraph separators and bidi controls that reorder a line.
    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';

    private static int IndexOfControl(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (IsUnsafe(s[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static LogEventPropertyValue Escape(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } when Escape(s) is var e && !ReferenceEquals(e, s) => new ScalarValue(e),
        SequenceValue seq when seq.Elements.Select(Escape).ToList() is var elements && !elements.SequenceEqual(seq.Elements, ReferenceEqualityComparer.Instance) => new SequenceValue(elements),
        StructureValue st when st.Properties.Select(p => new { p.Name, Value = Escape(p.Value), Old = p.Value }).ToList() is var props && props.Any(p => !ReferenceEquals(p.Value, p.Old)) =>
            new StructureValue(props.Select(p => new LogEventProperty(p.Name, p.Value)), st.TypeTag),
        _ => value,
    };
}
