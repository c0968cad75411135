package dev.greenroom.catalog.processing.builtin;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.LocationSpec;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.processing.location.ScmUrls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds where-it-lives annotations to entities read from {@code url} locations (Backstage's {@code
 * AnnotateLocationEntityProcessor}), in {@code preProcess}, as defaults under the entity's own
 * annotations (values the entity already has win):
 *
 * <ul>
 *   <li>{@code backstage.io/view-url}: the location target;
 *   <li>{@code backstage.io/edit-url}: the SCM edit URL (GitHub {@code /blob/} → {@code /edit/},
 *       GitLab {@code /-/blob/} → {@code /-/edit/}), left out for other hosts and for targets that
 *       pin a 40-hex-digit commit;
 *   <li>{@code backstage.io/source-location}: {@code url:} and the folder of the file, with a
 *       trailing slash (on GitHub a {@code tree} URL).
 * </ul>
 */
public final class AnnotateLocationProcessor implements CatalogProcessor {
  /** The processor's name, as in Backstage. */
  public static final String NAME = "AnnotateLocationEntityProcessor";
  /** The view URL annotation. */
  public static final String VIEW_URL = "backstage.io/view-url";
  /** The edit URL annotation. */
  public static final String EDIT_URL = "backstage.io/edit-url";
  /** The source location annotation. */
  public static final String SOURCE_LOCATION = "backstage.io/source-location";

  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}");

  private final ScmUrls scm;

  /** With the default SCM hosts ({@code github.com}, {@code gitlab.com}). */
  public AnnotateLocationProcessor() {
    this(ScmUrls.defaults());
  }

  /** With the given SCM hosts. */
  public AnnotateLocationProcessor(ScmUrls scm) {
    this.scm = scm;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Entity preProcess(Entity entity, ProcessorContext context) {
    LocationSpec location = context.location();
    if (!location.type().equals("url")) {
      return entity;
    }
    String target = location.target();
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(VIEW_URL, target);
    if (!COMMIT.matcher(target).find()) {
      String edit = scm.editUrl(target);
      if (edit != null) {
        defaults.put(EDIT_URL, edit);
      }
    }
    String source = sourceFolder(target);
    if (source != null) {
      defaults.put(SOURCE_LOCATION, "url:" + source);
    }
    Map<String, String> existing = entity.metadata().annotations();
    JsonNode rawAnnotations = entity.toJson().path("metadata").path("annotations");
    if (!rawAnnotations.isMissingNode() && !rawAnnotations.isObject()) {
      return entity; // not ours to repair: validation reports it
    }
    boolean missing = false;
    for (String k : defaults.keySet()) {
      if (!existing.containsKey(k) && !rawAnnotations.has(k)) {
        missing = true;
      }
    }
    if (!missing) {
      return entity;
    }
    return entity.edit(
        root -> {
          ObjectNode annotations = ((ObjectNode) root.get("metadata")).withObjectProperty("annotations");
          defaults.forEach(
              (k, v) -> {
                if (!annotations.has(k)) {
                  annotations.put(k, v);
                }
              });
        });
  }

  private @Nullable String sourceFolder(String target) {
    try {
      return scm.resolveUrl("./", target);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
