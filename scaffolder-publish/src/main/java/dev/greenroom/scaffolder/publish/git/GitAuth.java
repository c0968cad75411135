package dev.greenroom.scaffolder.publish.git;

import java.util.Objects;

/**
 * How a push authenticates over HTTP(S): {@link Basic} (user and password, app password, or a
 * token under a fixed user name such as {@code x-access-token}) or {@link Bearer} (an {@code
 * Authorization: Bearer} header, Bitbucket Server's HTTP access tokens). {@code toString()} never
 * shows the secret.
 */
public sealed interface GitAuth {

  /** Basic authentication. */
  static GitAuth basic(String user, String password) {
    return new Basic(user, password);
  }

  /** A bearer token header. */
  static GitAuth bearer(String token) {
    return new Bearer(token);
  }

  /** The secret, for masking. */
  String secret();

  /** User and password. */
  record Basic(String user, String password) implements GitAuth {
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String secret() {
      return password;
    }

    @Override
    public String toString() {
      return "Basic[" + user + "]";
    }
  }

  /** A bearer token. */
  record Bearer(String token) implements GitAuth {
    public Bearer {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String secret() {
      return token;
    }

    @Override
    public String toString() {
      return "Bearer[***]";
    }
  }
}
