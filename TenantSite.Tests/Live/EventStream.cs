using System.Collections.Concurrent;
using System.Net;

namespace TenantSite.Tests.Live;

/// <summary>
/// One open Server-Sent Events response, read line by line in the background as a browser's EventSource would: the
/// events' names in order, the comment lines (heartbeats) and whether the server ended it.
/// </summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private int _comments;

    private EventStream(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    /// <summary>The response's headers (status 200 and text/event-stream, checked by <see cref="OpenAsync"/>).</summary>
    public HttpResponseMessage Response => _response;

    /// <summary>The names of the events received so far, in order.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    /// <summary>Every line received so far (events, data, comments, retry).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Comment lines received so far: the greeting and the heartbeats.</summary>
    public int Comments => Volatile.Read(ref _comments);

    /// <summary>True once the server ended the response.</summary>
    public bool Ended => _reading.IsCompleted;

    /// <summary>Sends <paramref name="request"/> and returns as soon as the headers arrived; fails unless it is a stream.</summary>
    public static async Task<EventStream> OpenAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            throw new InvalidOperationException($"{request.RequestUri}: expected an event stream, got {(int)response.StatusCode} {response.Content.Headers.ContentType} {body}");
        }
        return new EventStream(response);
    }

    /// <summary>How many events named <paramref name="name"/> arrived so far.</summary>
    public int Count(string name) => _events.Count(e => e == name);

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(body);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                _lines.Enqueue(line);
                if (line.StartsWith("event: ", StringComparison.Ordinal)) _events.Enqueue(line["event: ".Length..]);
                else if (line.StartsWith(':')) Interlocked.Increment(ref _comments);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // Closed by the test, or the connection dropped: either way the stream is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
