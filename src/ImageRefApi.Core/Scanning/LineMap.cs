namespace ImageRefApi.Core.Scanning;

/// <summary>
/// Turns UTF-16 offsets of a text into 1-based lines and columns. Line breaks are <c>\n</c>, <c>\r\n</c> and a lone
/// <c>\r</c> (YAML's set; a Dockerfile is split the same way so that every scanner counts lines alike).
/// </summary>
internal sealed class LineMap
{
    private readonly int[] lineStarts;

    public LineMap(string text)
    {
        var starts = new List<int>(Math.Max(16, text.Length / 32)) { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                starts.Add(i + 1);
            }
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
        Length = text.Length;
    }

    public int Length { get; }

    public int LineCount => lineStarts.Length;

    /// <summary>Zero-based offset where the 1-based <paramref name="line"/> begins.</summary>
    public int LineStart(int line) => lineStarts[line - 1];

    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Length);
        var index = Array.BinarySearch(lineStarts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, offset - lineStarts[index] + 1);
    }

    /// <summary>The location of the characters [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public FileLocation Location(int start, int end)
    {
        var (line, column) = Position(start);
        var (endLine, endColumn) = Position(Math.Max(start, end));
        return new FileLocation(line, column, endLine, endColumn);
    }
}
