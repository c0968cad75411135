package dev.greenroom.scaffolder.task;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateStep;
import dev.greenroom.scaffolder.template.TemplateUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The task spec of a template run (Backstage's {@code TaskSpecV1beta3}), and the way back from a
 * stored spec to the template. The spec pins the task to the template as it was when the task was
 * made: {@code templateInfo.entity} holds the whole template entity (Backstage keeps only its
 * metadata there; the rest is ours, a superset), and {@code steps} and {@code output} are copied as
 * Backstage copies them, with ids and names defaulted, for UIs that draw the steps.
 */
public final class TemplateTaskSpec {
  private TemplateTaskSpec() {}

  /**
   * The spec of a run of {@code template} with the form {@code values} by {@code user}.
   *
   * @return {@code {apiVersion, parameters, steps, output, templateInfo: {entityRef, baseUrl?,
   *     entity}, user: {ref?, entity?}, EXPERIMENTAL_recovery?}}
   */
  public static ObjectNode of(Template template, JsonNode values, TemplateUser user) {
    ObjectNode spec = Json.object();
    spec.put("apiVersion", Template.API_VERSION);
    spec.set("parameters", values.deepCopy());
    ArrayNode steps = spec.putArray("steps");
    for (TemplateStep s : template.steps()) {
      ObjectNode step = s.raw().deepCopy();
      step.put("id", s.id());
      step.put("name", s.name());
      steps.add(step);
    }
    spec.set("output", template.output());
    ObjectNode info = spec.putObject("templateInfo");
    info.put("entityRef", template.ref().toString());
    if (template.baseUrl() != null) {
      info.put("baseUrl", template.baseUrl());
    }
    info.set("entity", template.entity());
    ObjectNode u = spec.putObject("user");
    if (user.ref() != null) {
      u.put("ref", user.ref());
    }
    if (user.entity() != null) {
      u.set("entity", user.entity().deepCopy());
    }
    JsonNode recovery = template.entity().path("spec").get("EXPERIMENTAL_recovery");
    if (recovery != null && recovery.isObject()) {
      spec.set("EXPERIMENTAL_recovery", recovery.deepCopy());
    }
    return spec;
  }

  /**
   * The template a stored spec was made from.
   *
   * @throws TemplateException when the spec is not a v1beta3 spec made by {@link #of}
   */
  public static Template template(ObjectNode spec) {
    String apiVersion = text(spec.get("apiVersion"));
    if (!Template.API_VERSION.equals(apiVersion)) {
      throw new TemplateException(
          "Unsupported apiVersion field in task spec: '" + apiVersion + "'; expected " + Template.API_VERSION);
    }
    JsonNode entity = spec.path("templateInfo").get("entity");
    if (entity == null || !entity.isObject() || !entity.has("spec")) {
      throw new TemplateException("task spec: templateInfo.entity does not hold the template entity");
    }
    JsonNode base = spec.path("templateInfo").get("baseUrl");
    return Template.fromJson(entity, base != null && base.isString() ? base.asString() : null);
  }

  /** The user of a stored spec. */
  public static TemplateUser user(ObjectNode spec) {
    JsonNode ref = spec.path("user").get("ref");
    JsonNode entity = spec.path("user").get("entity");
    return new TemplateUser(
        ref != null && ref.isString() ? ref.asString() : null,
        entity instanceof ObjectNode o ? o.deepCopy() : null);
  }

  /** The form values of a stored spec (an empty object when absent). */
  public static JsonNode parameters(ObjectNode spec) {
    JsonNode p = spec.get("parameters");
    return p == null || p.isNull() ? Json.object() : p.deepCopy();
  }

  /** The string value of a node; empty when absent or not a string. */
  static String text(@Nullable JsonNode n) {
    return n != null && n.isString() ? n.asString() : "";
  }

  /** The step's display name in a stored spec, or the id. */
  static String stepName(ObjectNode spec, String stepId) {
    for (JsonNode s : spec.path("steps")) {
      if (stepId.equals(text(s.get("id")))) {
        String n = text(s.get("name"));
        return n.isEmpty() ? stepId : n;
      }
    }
    return stepId;
  }
}
