package dev.greenroom.http;

/**
 * A plugin's routes, mounted under {@code /api/<id>} ({@link HttpApi.Builder#plugin}): {@code
 * catalog}, {@code scaffolder}, {@code techdocs}, {@code search}, {@code auth}, {@code permission},
 * {@code notifications} and the host's own.
 */
public interface ApiPlugin {
  /** The plugin id, the path segment after {@code /api/}; lower case letters, digits and dashes. */
  String id();

  /** Declares the plugin's routes; called once when the {@link HttpApi} is built. */
  void routes(Router router);

  /**
   * The permissions the plugin's routes ask the policy for. They are listed at {@code
   * /api/<id>/.well-known/backstage/permissions/metadata} and are the names {@code POST
   * /api/permission/authorize} knows; default none.
   */
  default java.util.List<dev.greenroom.http.auth.Permission> permissions() {
    return java.util.List.of();
  }

  /**
   * The plugin's resource types for conditional decisions, with their rules: when not empty, the
   * routing core serves {@code POST /api/<id>/.well-known/backstage/permissions/apply-conditions}
   * and lists the rules in the plugin's permission metadata. Default none.
   */
  default java.util.List<dev.greenroom.http.auth.PermissionResource<?>> permissionResources() {
    return java.util.List.of();
  }
}
