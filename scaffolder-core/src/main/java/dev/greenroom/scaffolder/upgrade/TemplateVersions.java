package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateProvenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds an older version of a template, so that an upgrade can render the version an entity was
 * made from (v1) next to the current one (v2). Implementations: {@link #gitHistory()} (the git
 * history of a template read from a local git working tree), {@link #of(List)} (copies the host
 * kept), {@link #firstOf(List)}.
 */
@FunctionalInterface
public interface TemplateVersions {
  /**
   * The template {@code current} as it was at {@code version}.
   *
   * @param current the template as the catalog has it now (its ref, base URL and location)
   * @param version the wanted version, as {@link TemplateProvenance#version(Template)} computes it
   * @param scratch an empty directory the implementation may write the old template's files into
   *     (the caller deletes it after rendering); the returned template's base URL may point there
   * @return the old template, or empty when this source does not know that version
   */
  Optional<Template> find(Template current, String version, Path scratch);

  /** Versions from the git history of a template that lives in a local git working tree. */
  static TemplateVersions gitHistory() {
    return new GitTemplateHistory(500);
  }

  /** Versions the host kept: each template's version is computed from it. */
  static TemplateVersions of(List<Template> kept) {
    List<Template> copy = List.copyOf(kept);
    return (current, version, scratch) -> copy.stream()
        .filter(t -> t.ref().equals(current.ref()))
        .filter(t -> TemplateProvenance.version(t).equals(version))
        .findFirst();
  }

  /** The first source that knows the version. */
  static TemplateVersions firstOf(List<TemplateVersions> sources) {
    List<TemplateVersions> copy = new ArrayList<>(sources);
    return (current, version, scratch) -> {
      for (TemplateVersions s : copy) {
        Optional<Template> t = s.find(current, version, scratch);
        if (t.isPresent()) {
          return t;
        }
      }
      return Optional.empty();
    };
  }
}
