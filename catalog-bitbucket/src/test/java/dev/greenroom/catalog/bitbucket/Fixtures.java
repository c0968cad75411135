package dev.greenroom.catalog.bitbucket;

import java.nio.file.Path;

/** The repositories of the fake hosts, from {@code src/test/resources/bitbucket-repos}. */
final class Fixtures {
  private Fixtures() {}

  static Path repo(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/bitbucket-repos/" + name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
