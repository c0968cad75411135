package dev.greenroom.integrations.bitbucket;

import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.location.UrlReader.TreeFile;
import dev.greenroom.integrations.internal.TarTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The archive download and URL encoding both Bitbucket readers share. */
final class Archives {
  private Archives() {}

  /**
   * Downloads a {@code .tar.gz} and reads the files under {@code subpath} that pass {@code filter},
   * within the client's tree limits (declared and actual size, file count).
   */
  static List<TreeFile> tarGz(BitbucketHttp http, URI uri, String subpath, Predicate<String> filter) {
    BitbucketHttp.Answer a = http.get(uri, Map.of("Accept", "application/x-gzip, application/octet-stream"));
    String what = BitbucketHttp.redact(uri);
    if (a.status() == 304) {
      a.close();
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + what + ", unexpected 304"));
    }
    long declared = a.headers().firstValueAsLong("Content-Length").orElse(-1);
    long max = http.limits().maxTreeBytes();
    if (declared > max) {
      a.close();
      throw new ProcessingException(ProcessingError.input(
          "The archive " + what + " is larger than the limit of " + max + " bytes"));
    }
    try (InputStream in = a.body()) {
      return TarTrees.read(in, subpath, filter, http.limits().maxTreeFiles(), max, what);
    } catch (IOException e) {
      throw new ProcessingException(ProcessingError.general(
          "Request failed for " + what + ", " + e.getClass().getSimpleName()), e);
    }
  }

  /** One path segment or query value, percent-encoded. */
  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A path, each segment percent-encoded, slashes kept. */
  static String encPath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String seg : path.split("/")) {
      if (seg.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(enc(seg));
    }
    return sb.toString();
  }

  /** Matches repository paths against a glob the way catalog-processors' url locations do. */
  static Predicate<String> glob(String pattern) {
    java.util.regex.Pattern p = dev.greenroom.catalog.processing.location.Glob.compile(
        pattern.replaceAll("^/+", ""), false, false);
    return path -> p.matcher(path).matches();
  }
}
