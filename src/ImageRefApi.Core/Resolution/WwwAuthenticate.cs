namespace ImageRefApi.Core.Resolution;

/// <summary>Reads the auth-param list of a <c>WWW-Authenticate</c> challenge (<c>realm="…",service="…"</c>).</summary>
internal static class WwwAuthenticate
{
    public static Dictionary<string, string> ParseParameters(string? parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(parameters))
        {
            return result;
        }

        var s = parameters.AsSpan();
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ',' || char.IsWhiteSpace(s[i])))
            {
                i++;
            }

            var keyStart = i;
            while (i < s.Length && s[i] != '=' && s[i] != ',')
            {
                i++;
            }

            var key = s[keyStart..i].Trim().ToString();
            if (i >= s.Length || s[i] != '=')
            {
                continue;
            }

            i++;
            string value;
            if (i < s.Length && s[i] == '"')
            {
                i++;
                var sb = new System.Text.StringBuilder();
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        i++;
                    }

                    sb.Append(s[i]);
                    i++;
                }

                i++; // closing quote
                value = sb.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < s.Length && s[i] != ',')
                {
                    i++;
                }

                value = s[valueStart..i].Trim().ToString();
            }

            if (key.Length > 0)
            {
                result[key] = value;
            }
        }

        return result;
    }
}
