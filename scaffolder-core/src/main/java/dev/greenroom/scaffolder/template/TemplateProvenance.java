package dev.greenroom.scaffolder.template;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.run.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which template, at which version, with which values made something: what {@code catalog:write}
 * records in the entity it writes (annotations) and next to it (the values file), so that the
 * entity can later be upgraded to a newer version of its template.
 *
 * <p>Keys: Backstage's {@code backstage.io/source-template} is kept as Backstage writes it; ours
 * are under the {@code scaffolder.greenroom.dev/} prefix ({@link #VERSION_ANNOTATION}) and the
 * values live in {@link #VALUES_FILE}, relative to the directory of the catalog file, because
 * annotations are meant to be small.
 *
 * <p>The version is the template's {@code metadata.annotations["scaffolder.backstage.io/template-version"]}
 * when the author set one, else {@code sha256:} and the first 16 hex digits of the SHA-256 of its
 * {@code spec} written with sorted keys (so the same template text always has the same version,
 * wherever it was read from).
 *
 * <p>Values exclude secrets: every parameter whose schema says {@code ui:field: Secret} or {@code
 * ui:widget: password}, and every value the task's secret masker would mask (a value equal to or
 * containing a task secret).
 *
 * @param templateRef the template, {@code template:<ns>/<name>}
 * @param version the template's version
 * @param values the form values used, secrets excluded
 * @param userRef the user who ran the template, or null
 */
public record TemplateProvenance(String templateRef, String version, ObjectNode values,
    @Nullable String userRef) {
  /** The annotation holding the template version. */
  public static final String VERSION_ANNOTATION = "scaffolder.greenroom.dev/template-version";
  /** Backstage's annotation holding the template ref (written by {@code catalog:write}). */
  public static final String SOURCE_TEMPLATE_ANNOTATION = "backstage.io/source-template";
  /** An author-set template version, read from the Template entity. */
  public static final String TEMPLATE_VERSION_ANNOTATION = "scaffolder.backstage.io/template-version";
  /** The values file, relative to the directory of the catalog file. */
  public static final String VALUES_FILE = ".greenroom/template-values.json";
  /** Largest values file read back, in bytes. */
  public static final int MAX_VALUES_FILE_BYTES = 256 * 1024;

  public TemplateProvenance {
    Objects.requireNonNull(templateRef, "templateRef");
    Objects.requireNonNull(version, "version");
    values = values.deepCopy();
  }

  @Override
  public ObjectNode values() {
    return values.deepCopy();
  }

  /**
   * The provenance of a run of {@code template} with {@code parameters}.
   *
   * @param secrets the task secrets; values containing any of them are left out
   */
  public static TemplateProvenance of(Template template, JsonNode parameters,
      Map<String, String> secrets, @Nullable String userRef) {
    return new TemplateProvenance(template.ref().toString(), version(template),
        publicValues(template, parameters, SecretMasker.of(secrets)), userRef);
  }

  /** The version of a template (see the type's description). */
  public static String version(Template template) {
    JsonNode v = template.metadata().path("annotations").get(TEMPLATE_VERSION_ANNOTATION);
    if (v != null && v.isString() && !v.asString().isBlank()) {
      return v.asString().strip();
    }
    JsonNode spec = template.entity().path("spec");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Json.stableWrite(spec).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** The parameters without secret fields and without values the masker would mask. */
  public static ObjectNode publicValues(Template template, JsonNode parameters,
      SecretMasker masker) {
    Set<String> secretFields = new HashSet<>();
    for (ObjectNode step : template.parameterSteps()) {
      collectSecretFields(step, secretFields, 0);
    }
    ObjectNode out = Json.object();
    if (!(parameters instanceof ObjectNode p)) {
      return out;
    }
    p.properties().forEach(e -> {
      if (secretFields.contains(e.getKey())) {
        return;
      }
      JsonNode clean = withoutSecrets(e.getValue(), masker);
      if (clean != null) {
        out.set(e.getKey(), clean);
      }
    });
    return out;
  }

  private static void collectSecretFields(JsonNode schema, Set<String> names, int depth) {
    if (depth > 20 || !(schema instanceof ObjectNode s)) {
      return;
    }
    if (s.get("properties") instanceof ObjectNode props) {
      props.properties().forEach(e -> {
        JsonNode field = e.getValue();
        if ("Secret".equals(field.path("ui:field").asString(""))
            || "password".equals(field.path("ui:widget").asString(""))) {
          names.add(e.getKey());
        }
      });
    }
    for (String k : new String[] {"allOf", "anyOf", "oneOf"}) {
      if (s.get(k) instanceof ArrayNode a) {
        a.forEach(x -> collectSecretFields(x, names, depth + 1));
      }
    }
    if (s.get("dependencies") instanceof ObjectNode deps) {
      deps.properties().forEach(e -> collectSecretFields(e.getValue(), names, depth + 1));
    }
    if (s.get("then") != null) {
      collectSecretFields(s.get("then"), names, depth + 1);
    }
    if (s.get("else") != null) {
      collectSecretFields(s.get("else"), names, depth + 1);
    }
  }

  /** The value with strings the masker would change removed; null when the value itself goes. */
  private static @Nullable JsonNode withoutSecrets(JsonNode value, SecretMasker masker) {
    if (masker.isEmpty()) {
      return value.deepCopy();
    }
    if (value.isString()) {
      String s = value.asString();
      return masker.mask(s).equals(s) ? value.deepCopy() : null;
    }
    if (value instanceof ObjectNode o) {
      ObjectNode out = Json.object();
      o.properties().forEach(e -> {
        JsonNode c = withoutSecrets(e.getValue(), masker);
        if (c != null && masker.mask(e.getKey()).equals(e.getKey())) {
          out.set(e.getKey(), c);
        }
      });
      return out;
    }
    if (value instanceof ArrayNode a) {
      ArrayNode out = Json.nodes().arrayNode();
      a.forEach(e -> {
        JsonNode c = withoutSecrets(e, masker);
        if (c != null) {
          out.add(c);
        }
      });
      return out;
    }
    return value.deepCopy();
  }

  /** The values file's JSON: {@code {templateRef, version, values, user?}}. */
  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    out.put("templateRef", templateRef);
    out.put("version", version);
    out.set("values", values.deepCopy());
    if (userRef != null) {
      out.put("user", userRef);
    }
    return out;
  }

  /**
   * Reads a values file.
   *
   * @param source a name for messages (the file's URL or path)
   * @throws TemplateException naming {@code source} and the field when the file is malformed or
   *     larger than {@link #MAX_VALUES_FILE_BYTES}
   */
  public static TemplateProvenance fromJson(String source, byte[] content) {
    if (content.length > MAX_VALUES_FILE_BYTES) {
      throw new TemplateException(source + ": the values file is larger than "
          + MAX_VALUES_FILE_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Json.parse(new String(content, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new TemplateException(source + ": the values file is not valid JSON: "
          + e.getMessage());
    }
    if (!(root instanceof ObjectNode o)) {
      throw new TemplateException(source + ": the values file must hold an object");
    }
    String ref = o.path("templateRef").asString("");
    String version = o.path("version").asString("");
    if (ref.isBlank()) {
      throw new TemplateException(source + ": templateRef is missing");
    }
    if (version.isBlank()) {
      throw new TemplateException(source + ": version is missing");
    }
    if (!(o.get("values") instanceof ObjectNode values)) {
      throw new TemplateException(source + ": values must be an object");
    }
    JsonNode user = o.get("user");
    return new TemplateProvenance(ref, version, values,
        user != null && user.isString() ? user.asString() : null);
  }
}
