package dev.greenroom.integrations;

import java.time.Duration;

/**
 * Limits of the SCM readers: every answer from a host is bounded, so a large repository, a glob
 * that matches everything or an archive bomb fails with an error naming the URL and the limit.
 *
 * @param timeout the timeout of one request (connect and answer)
 * @param maxBytes the largest single file or API answer
 * @param maxTreeFiles the most files one tree read or search returns
 * @param maxTreeBytes the most bytes one tree read or search returns in total (also the largest
 *     archive read, compressed or not)
 */
public record ReadLimits(Duration timeout, long maxBytes, int maxTreeFiles, long maxTreeBytes) {
  /** 30 s per request, 10 MiB per file, 10,000 files and 200 MiB per tree. */
  public static final ReadLimits DEFAULTS =
      new ReadLimits(Duration.ofSeconds(30), 10L * 1024 * 1024, 10_000, 200L * 1024 * 1024);

  public ReadLimits {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxBytes <= 0 || maxTreeFiles <= 0 || maxTreeBytes <= 0) {
      throw new IllegalArgumentException(
          "limits must be positive, got maxBytes="
              + maxBytes
              + ", maxTreeFiles="
              + maxTreeFiles
              + ", maxTreeBytes="
              + maxTreeBytes);
    }
  }
}
