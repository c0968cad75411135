package dev.greenroom.catalog.processing;

/**
 * A source of entities that are not read from locations: a host's own database, an org chart, a
 * cloud account. The engine calls {@link #connect} once at start; the provider then applies
 * mutations whenever its source changes, from any thread, for as long as the engine runs.
 *
 * <p>The provider's entities are processed like any other (validated, related, stitched). Each
 * must carry the annotations {@code backstage.io/managed-by-location} and {@code
 * backstage.io/managed-by-origin-location} (for example {@code mydb:employees}).
 */
public interface EntityProvider {
  /** A unique, stable name: the source key under which the provider's entities are kept. */
  String name();

  /** Called once when the engine starts; keep the connection to apply mutations. */
  void connect(EntityProviderConnection connection) throws Exception;
}
