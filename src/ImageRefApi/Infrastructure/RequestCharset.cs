using Microsoft.Net.Http.Headers;

namespace ImageRefApi.Infrastructure;

/// <summary>
/// Refuses a request body declared in any charset but UTF-8 (<c>charset=nonsense</c>, <c>utf-7</c>, <c>us-ascii</c>…)
/// with a 415 problem: the framework's JSON reader would throw for unknown or disabled ones (a 500), and would
/// silently turn non-ASCII characters into '?' for narrower ones — the very characters the diagnostics are about.
/// </summary>
internal static class RequestCharset
{
    /// <summary>Adds the check; it must run inside the exception handler, which turns its refusal into a problem.</summary>
    public static WebApplication UseRequestCharsetCheck(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.ContentType is { } contentType && !IsReadable(contentType))
            {
                throw new BadHttpRequestException("Unknown request charset.", StatusCodes.Status415UnsupportedMediaType);
            }

            return next(context);
        });
        return app;
    }

    /// <summary>Whether the body's declared charset, if any, is one the JSON reader can decode.</summary>
    internal static bool IsReadable(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.Charset.HasValue)
        {
            return true; // no charset: UTF-8, or a media type the endpoint refuses by itself
        }

        // JSON is UTF-8 (RFC 8259); the framework's reader looks the charset up with its quotes, so only the bare
        // spelling passes.
        var charset = media.Charset.AsSpan();
        return charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
    }
}
