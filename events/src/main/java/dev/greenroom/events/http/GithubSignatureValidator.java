package dev.greenroom.events.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature, as Backstage's {@code createGithubSignatureValidator}: the header
 * {@code X-Hub-Signature-256: sha256=<hex>} must be the HMAC-SHA256 of the raw body under one of
 * the configured secrets ({@code events.modules.github.webhookSecret} and each GitHub App's {@code
 * webhookSecret} under {@code integrations.github}). Digests are compared in constant time. A
 * missing or wrong signature answers 401 (Backstage answers 403) with {@code invalid signature}.
 */
public final class GithubSignatureValidator implements RequestValidator {
  private static final String PREFIX = "sha256=";

  private final List<SecretKeySpec> keys;

  private GithubSignatureValidator(List<SecretKeySpec> keys) {
    this.keys = keys;
  }

  /**
   * A validator accepting a signature made with any of {@code secrets}, or empty when no secret is
   * given (Backstage then accepts unsigned webhooks; the host decides).
   *
   * @throws IllegalArgumentException when a secret is blank
   */
  public static Optional<RequestValidator> of(Collection<String> secrets) {
    List<SecretKeySpec> keys = new ArrayList<>();
    for (String s : new LinkedHashSet<>(secrets)) {
      if (s.isBlank()) {
        throw new IllegalArgumentException("a GitHub webhook secret must not be blank");
      }
      keys.add(new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }
    return keys.isEmpty() ? Optional.empty() : Optional.of(new GithubSignatureValidator(keys));
  }

  /** {@code sha256=<hex>} of {@code body} under {@code secret}: how GitHub signs, for tests and tools. */
  public static String sign(String secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(
        hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), body));
  }

  @Override
  public void validate(RequestDetails request, RequestValidationContext context) {
    byte[] given = parse(request.header("x-hub-signature-256").orElse(""));
    if (given != null) {
      for (SecretKeySpec key : keys) {
        if (MessageDigest.isEqual(hmac(key, request.rawBody()), given)) {
          return;
        }
      }
    }
    context.reject(401, "invalid signature");
  }

  /** The digest of a well-formed header, else null. */
  private static byte[] parse(String header) {
    String h = header.trim();
    if (!h.startsWith(PREFIX) || h.length() != PREFIX.length() + 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(h.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] hmac(SecretKeySpec key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
