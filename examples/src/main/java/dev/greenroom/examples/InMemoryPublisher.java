package dev.greenroom.examples;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.techdocs.TechDocsException;
import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.publish.Publisher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A custom TechDocs {@link Publisher} that keeps every site in memory: for tests, previews, or a
 * host that serves docs from one process and rebuilds them on start. It shows the two promises a
 * publisher makes: a site replaces the entity's whole previous site (files the new build lacks
 * are gone), and a reader sees the old site or the new one, never a mix — here because each site
 * is one immutable map swapped in with a single {@code put}.
 *
 * <p>Paths are checked with {@link Publisher#safePath(String)} on the way in and on the way out,
 * as {@link dev.greenroom.techdocs.publish.LocalPublisher} does. Thread-safe.
 *
 * <pre>{@code
 * TechDocs docs = TechDocs.builder().publisher(new InMemoryPublisher()).build();
 * }</pre>
 */
public final class InMemoryPublisher implements Publisher {
  private final Map<String, Map<String, byte[]>> sites = new ConcurrentHashMap<>();

  @Override
  public void publish(EntityRef entity, GeneratedSite site) {
    Map<String, byte[]> files = new HashMap<>();
    for (Map.Entry<String, byte[]> f : site.files().entrySet()) {
      String safe = Publisher.safePath(f.getKey());
      if (safe == null || !safe.equals(f.getKey())) {
        throw new TechDocsException("Refusing to publish unsafe path " + f.getKey(),
            entity.toString(), f.getKey(), null);
      }
      files.put(safe, f.getValue().clone()); // the site's arrays stay the builder's
    }
    sites.put(Publisher.triplet(entity), Map.copyOf(files)); // one atomic swap
  }

  @Override
  public Optional<byte[]> read(EntityRef entity, String path) {
    String safe = Publisher.safePath(path);
    Map<String, byte[]> site = sites.get(Publisher.triplet(entity));
    if (safe == null || site == null) {
      return Optional.empty();
    }
    byte[] content = site.get(safe);
    return content == null ? Optional.empty() : Optional.of(content.clone());
  }

  /** The storage keys ({@code namespace/kind/name}) of the published sites, sorted. */
  public List<String> sites() {
    return sites.keySet().stream().sorted().toList();
  }

  /** The paths of an entity's published files, sorted; empty when it has no site. */
  public List<String> files(EntityRef entity) {
    return sites.getOrDefault(Publisher.triplet(entity), Map.of()).keySet().stream().sorted().toList();
  }
}
