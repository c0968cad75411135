package dev.greenroom.examples.springboot;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessorContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Labels every entity that names an owner with {@value #LABEL}: the owner's name without kind
 * and namespace ({@code group:default/greeters} becomes {@code greeters}), so that the catalog can
 * be filtered by team with {@code filter=metadata.labels.example.com/team=greeters}. Runs before
 * validation; stateless and thread-safe.
 */
public final class OwnerLabelProcessor implements CatalogProcessor {
  /** The label this processor sets. */
  public static final String LABEL = "example.com/team";

  @Override
  public String name() {
    return "OwnerLabelProcessor";
  }

  @Override
  public Entity preProcess(Entity entity, ProcessorContext context) {
    JsonNode owner = entity.spec().path("owner");
    if (!owner.isString() || owner.stringValue().isBlank()) {
      return entity; // not mine: no owner written down
    }
    String ref = owner.stringValue();
    String name = ref.substring(Math.max(ref.indexOf(':'), ref.lastIndexOf('/')) + 1);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      return entity; // not a valid label value: leave the entity as it is
    }
    return entity.edit(json -> {
      ObjectNode meta = (ObjectNode) json.get("metadata");
      JsonNode labels = meta.get("labels");
      ObjectNode l = labels instanceof ObjectNode o ? o : meta.putObject("labels");
      l.put(LABEL, name);
    });
  }
}
