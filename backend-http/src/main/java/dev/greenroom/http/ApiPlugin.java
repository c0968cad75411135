package dev.greenroom.http;

/**
 * A plugin's routes, mounted under {@code /api/<id>}: the catalog is {@code catalog}, later the
 * scaffolder and TechDocs register theirs the same way ({@link HttpApi.Builder#plugin}).
 */
public interface ApiPlugin {
  /** The plugin id, the path segment after {@code /api/}; lower case letters, digits and dashes. */
  String id();

  /** Declares the plugin's routes; called once when the {@link HttpApi} is built. */
  void routes(Router router);
}
