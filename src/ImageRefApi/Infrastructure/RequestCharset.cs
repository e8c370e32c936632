using System.Text;
using Microsoft.Net.Http.Headers;

namespace ImageRefApi.Infrastructure;

/// <summary>
/// Refuses a request body declared in a charset .NET does not know (<c>application/json; charset=nonsense</c>) with a
/// 415 problem: the framework's JSON reader would otherwise throw an InvalidOperationException, a 500.
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

        // Exactly as the framework's JSON reader looks it up (quotes included), so that whatever passes here decodes there.
        var charset = media.Charset.ToString();
        if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
