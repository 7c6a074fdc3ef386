using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Chain;

/// <summary>
/// A minimal Ethereum JSON-RPC 2.0 client over HTTP (JSON-RPC 2.0 specification; method names and value encodings from
/// the Ethereum execution-apis). <see cref="SendAsync"/> is the generic entry point; typed helpers for the <c>eth_</c>
/// methods Parley uses and for dev-chain methods (anvil, hardhat) are defined beside it, one file per concept.
/// Thread-safe: concurrent calls are independent HTTP requests.
/// </summary>
/// <remarks>Serialisation uses <see cref="JsonNode"/> and <see cref="JsonDocument"/> only (no reflection), so the client
/// is trimming- and AOT-friendly.</remarks>
public sealed partial class JsonRpcClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private long _nextId;

    /// <summary>Creates a client for <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The node's HTTP(S) JSON-RPC URL, e.g. <c>http://127.0.0.1:8545</c>.</param>
    /// <param name="httpClient">The HTTP client to use (not disposed by this client); null to create one (disposed with this
    /// client) with a 100 s request time-out.</param>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http or https URL.</exception>
    public JsonRpcClient(Uri endpoint, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A JSON-RPC endpoint must be an absolute http(s) URL, got {endpoint}.", nameof(endpoint));
        }
        Endpoint = endpoint;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient();
    }

    /// <summary>The node's JSON-RPC URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// Sends one JSON-RPC request and returns its <c>result</c> (a detached element: no document to dispose).
    /// </summary>
    /// <param name="method">The method, e.g. <c>eth_blockNumber</c>.</param>
    /// <param name="parameters">The positional parameters (JSON values already in the Ethereum encodings); null for none.
    /// The nodes are serialised, not retained.</param>
    /// <param name="cancellationToken">Cancels the HTTP request.</param>
    /// <returns>The <c>result</c> member; <see cref="JsonValueKind.Null"/> when the node answered <c>null</c>.</returns>
    /// <exception cref="JsonRpcException">The node answered with a JSON-RPC error (code, message, data, revert data).</exception>
    /// <exception cref="HttpRequestException">The request failed, or the node answered a non-success HTTP status without a
    /// JSON-RPC error body.</exception>
    /// <exception cref="RpcFormatException">The response is not a JSON-RPC 2.0 response to this request.</exception>
    public async Task<JsonElement> SendAsync(string method, JsonArray? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var id = Interlocked.Increment(ref _nextId);
        using var content = new ByteArrayContent(SerializeRequest(id, method, parameters));
        content.Headers.ContentType = JsonMediaType;
        using var response = await _http.PostAsync(Endpoint, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            response.EnsureSuccessStatusCode();
            throw new RpcFormatException(method, $"the response is not JSON ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                response.EnsureSuccessStatusCode();
                throw new RpcFormatException(method, $"the response is not a JSON-RPC object but a JSON {root.ValueKind}");
            }
            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
            {
                throw ToException(method, error);
            }
            response.EnsureSuccessStatusCode();
            if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.Number
                || !idElement.TryGetInt64(out var answeredId) || answeredId != id)
            {
                throw new RpcFormatException(method, $"the response's id does not match the request's id {id}");
            }
            if (!root.TryGetProperty("result", out var result))
            {
                throw new RpcFormatException(method, "the response has neither \"result\" nor \"error\"");
            }
            return result.Clone();
        }
    }

    /// <summary>Builds a positional parameter array for <see cref="SendAsync"/>; strings, booleans and numbers convert
    /// implicitly to <see cref="JsonNode"/> (without reflection), e.g. <c>Params("0x1", true)</c>.</summary>
    public static JsonArray Params(params JsonNode?[] values) => new(values);

    /// <summary>Disposes the HTTP client when this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static byte[] SerializeRequest(long id, string method, JsonArray? parameters)
    {
        using var buffer = new MemoryStream(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            if (parameters is null)
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }
            else
            {
                parameters.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static JsonRpcException ToException(string method, JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return new JsonRpcException(method, 0, error.ToString(), null);
        }
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var n) ? n : 0;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
        JsonElement? data = error.TryGetProperty("data", out var d) ? d.Clone() : null;
        return new JsonRpcException(method, code, message, data);
    }
}
