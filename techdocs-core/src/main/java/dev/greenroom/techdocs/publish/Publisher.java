package dev.greenroom.techdocs.publish;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.techdocs.TechDocsException;
import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.source.Paths2;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Where generated sites are stored and read back from, keyed by the lower-cased triplet {@code
 * namespace/kind/name} (Backstage's publishers: local folder, GCS, S3, Azure...). {@link
 * LocalPublisher} is the default; a host may supply its own for object storage. Implementations
 * must be thread-safe, and a reader must never see a half-written site of an entity.
 */
public interface Publisher {

  /**
   * Stores a site, replacing whatever the entity had (files of the old site that the new one lacks
   * are removed). Called after each successful build.
   *
   * @throws TechDocsException when the site cannot be stored
   */
  void publish(EntityRef entity, GeneratedSite site);

  /**
   * Reads one file of an entity's site.
   *
   * @param entity the entity
   * @param path a path relative to the site root, already checked by {@link #safePath(String)}
   * @return the content, or empty when the entity has no such file
   */
  Optional<byte[]> read(EntityRef entity, String path);

  /** The entity's {@code techdocs_metadata.json}, or empty when it has no published site. */
  default Optional<JsonNode> metadata(EntityRef entity) {
    Optional<byte[]> b = read(entity, GeneratedSite.METADATA_FILE);
    if (b.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readTree(b.get()));
    } catch (JacksonException e) {
      throw new TechDocsException(
          "Stored " + GeneratedSite.METADATA_FILE + " is not JSON", entity.toString(), GeneratedSite.METADATA_FILE, e);
    }
  }

  /** True when the entity has a published site (Backstage's {@code hasDocsBeenGenerated}). */
  default boolean hasDocs(EntityRef entity) {
    return read(entity, GeneratedSite.METADATA_FILE).isPresent();
  }

  /** The storage prefix of an entity: lower-cased {@code namespace/kind/name}. */
  static String triplet(EntityRef entity) {
    return (entity.namespace() + "/" + entity.kind() + "/" + entity.name()).toLowerCase(Locale.ROOT);
  }

  /**
   * A request path made safe, or null when it must be refused: no {@code ..} above the site root,
   * no backslash, NUL or control character, no absolute path. An empty path or one ending in
   * {@code /} names the folder's {@code index.html}.
   */
  static @Nullable String safePath(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return null;
      }
    }
    if (path.startsWith("/")) {
      return null;
    }
    for (String seg : path.split("/", -1)) {
      if (seg.equals("..")) {
        return null;
      }
    }
    String n = Paths2.normalize(path);
    if (n == null) {
      return null;
    }
    if (n.isEmpty()) {
      return "index.html";
    }
    return path.endsWith("/") ? n + "/index.html" : n;
  }
}
