package dev.greenroom.catalog.gerrit;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Location entity Backstage's {@code locationSpecToLocationEntity} makes for a {@code url}
 * location spec: named {@code generated-<sha1 of "url:<target>">}, managed by (and originating
 * from) {@code url:<target>}, with {@code spec.type}, {@code spec.target} and {@code
 * spec.presence}.
 */
final class LocationEntities {
  private LocationEntities() {}

  static Entity url(String target, String presence) {
    ObjectNode json = Json.object();
    json.put("apiVersion", "backstage.io/v1alpha1");
    json.put("kind", "Location");
    ObjectNode meta = json.putObject("metadata");
    meta.put("name", "generated-" + Json.sha1Hex("url:" + target));
    meta.put("namespace", EntityRef.DEFAULT_NAMESPACE);
    ObjectNode ann = meta.putObject("annotations");
    ann.put("backstage.io/managed-by-location", "url:" + target);
    ann.put("backstage.io/managed-by-origin-location", "url:" + target);
    ObjectNode spec = json.putObject("spec");
    spec.put("type", "url");
    spec.put("target", target);
    spec.put("presence", presence);
    return Entity.fromJson(json);
  }
}
