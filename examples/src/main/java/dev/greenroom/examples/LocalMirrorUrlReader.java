package dev.greenroom.examples;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A custom {@link UrlReader}: serves {@code url} locations and {@code $text} placeholders from
 * local checkouts instead of the network, for hosts that mirror their repositories (an air-gapped
 * build, a CI job that has the repository checked out). Each URL prefix maps to a folder:
 * {@code https://github.com/acme/catalog/blob/main/} to {@code /srv/mirrors/acme-catalog/}. On
 * GitHub, relative {@code $text} targets resolve against the {@code /tree/} form of the URL, as in
 * Backstage, so mirror that prefix too.
 *
 * <p>Errors follow the {@link UrlReader} contract: a URL outside every prefix is a {@code
 * NotAllowedError}, a missing file a {@code NotFoundError}, both naming the URL. The ETag is a
 * hash of the content, so unchanged files answer "not modified". Paths that climb out of the
 * folder ({@code ../}) are refused. Immutable and thread-safe.
 */
public final class LocalMirrorUrlReader implements UrlReader {
  private final Map<String, Path> mirrors;

  private LocalMirrorUrlReader(Map<String, Path> mirrors) {
    this.mirrors = Map.copyOf(mirrors);
  }

  /** A reader with one mirror; add more with {@link #and}. */
  public static LocalMirrorUrlReader of(String urlPrefix, Path folder) {
    return new LocalMirrorUrlReader(Map.of(urlPrefix, folder.toAbsolutePath().normalize()));
  }

  /** A copy that also serves {@code urlPrefix} from {@code folder}. */
  public LocalMirrorUrlReader and(String urlPrefix, Path folder) {
    Map<String, Path> m = new LinkedHashMap<>(mirrors);
    m.put(urlPrefix, folder.toAbsolutePath().normalize());
    return new LocalMirrorUrlReader(m);
  }

  @Override
  public ReadResponse read(String url, @Nullable String etag, long maxBytes) {
    Path file = resolve(url);
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new ProcessingException(ProcessingError.general(
            "Response from " + url + " is " + size + " bytes, larger than " + maxBytes));
      }
      byte[] content = Files.readAllBytes(file);
      String tag = "\"" + Json.sha1Hex(Base64.getEncoder().encodeToString(content)) + "\"";
      return tag.equals(etag) ? ReadResponse.notModified(tag) : ReadResponse.of(content, tag);
    } catch (NoSuchFileException e) {
      throw new ProcessingException(ProcessingError.notFound("Unable to read " + url
          + ", no file " + file + " in the mirror"));
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general("Unable to read " + url + ", " + e));
    }
  }

  private Path resolve(String url) {
    for (Map.Entry<String, Path> m : mirrors.entrySet()) {
      if (url.startsWith(m.getKey())) {
        String rest = url.substring(m.getKey().length());
        int q = rest.indexOf('?');
        Path file = m.getValue().resolve(q >= 0 ? rest.substring(0, q) : rest).normalize();
        if (!file.startsWith(m.getValue())) {
          throw new ProcessingException(ProcessingError.notAllowed(
              "Reading from '" + url + "' is not allowed: it leaves the mirror folder"));
        }
        return file;
      }
    }
    throw new ProcessingException(ProcessingError.notAllowed("Reading from '" + url
        + "' is not allowed: no mirror for it (mirrored: " + mirrors.keySet() + ")"));
  }
}
