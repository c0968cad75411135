package dev.greenroom.events.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * GitLab's webhook token, as Backstage's {@code createGitlabTokenValidator}: the header {@code
 * X-Gitlab-Token} must equal {@code events.modules.gitlab.webhookSecret}. Compared in constant
 * time (as SHA-256 digests, so the length does not show either). A missing or wrong token answers
 * 401 (Backstage answers 403) with {@code invalid token}.
 */
public final class GitlabTokenValidator implements RequestValidator {
  private final byte[] expected;

  /**
   * A validator of {@code secret}.
   *
   * @throws IllegalArgumentException when the secret is blank
   */
  public GitlabTokenValidator(String secret) {
    if (secret.isBlank()) {
      throw new IllegalArgumentException("the GitLab webhook secret must not be blank");
    }
    this.expected = sha256(secret);
  }

  @Override
  public void validate(RequestDetails request, RequestValidationContext context) {
    String token = request.header("x-gitlab-token").orElse(null);
    if (token == null || !MessageDigest.isEqual(sha256(token), expected)) {
      context.reject(401, "invalid token");
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
