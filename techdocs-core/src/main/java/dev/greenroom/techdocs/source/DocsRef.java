package dev.greenroom.techdocs.source;

import java.util.Objects;

/**
 * A resolved {@code backstage.io/techdocs-ref}: where the docs source folder is (Backstage's {@code
 * locationMetadata}).
 *
 * @param type {@code dir} (a local folder, absolute path) or {@code url} (a folder URL)
 * @param target the absolute path or URL of the folder holding {@code mkdocs.yml}
 */
public record DocsRef(String type, String target) {
  /** A local folder. */
  public static final String DIR = "dir";
  /** A folder URL, read with the catalog's {@code UrlReader}. */
  public static final String URL = "url";

  public DocsRef {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (!type.equals(DIR) && !type.equals(URL)) {
      throw new IllegalArgumentException("docs ref type must be dir or url: " + type);
    }
  }

  @Override
  public String toString() {
    return type + ":" + target;
  }
}
