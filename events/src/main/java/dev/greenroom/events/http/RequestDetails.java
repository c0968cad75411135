package dev.greenroom.events.http;

import java.nio.charset.Charset;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A webhook request as validators see it, as Backstage's {@code RequestDetails}: the parsed body,
 * the raw bytes it was parsed from (signatures are computed over these), their charset, and the
 * headers with lower-case names (several values of one header joined by {@code ", "}).
 *
 * @param body the JSON body, or a string node for a body that is not JSON
 * @param rawBody the bytes received
 * @param charset the body's charset (UTF-8 unless the content type names another)
 * @param headers every header, names in lower case
 */
public record RequestDetails(
    JsonNode body, byte[] rawBody, Charset charset, Map<String, String> headers) {
  public RequestDetails {
    headers = Map.copyOf(headers);
  }

  /** The header {@code name} (any case). */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
