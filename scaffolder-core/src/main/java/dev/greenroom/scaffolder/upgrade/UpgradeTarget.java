package dev.greenroom.scaffolder.upgrade;

import dev.greenroom.catalog.model.EntityRef;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What to upgrade: a repository made from a template, with the version and values it was made
 * with. Obtain one from {@link TemplateUpgrades#target(EntityRef)} (read from the entity and its
 * repository) or {@link TemplateUpgrades#target(EntityRef, ObjectNode, String)}.
 *
 * @param entityRef the created entity, or null when the caller named the repository directly
 * @param templateRef the template
 * @param recordedVersion the version the repository was made from, or null when unknown
 * @param values the values to render with (secrets were never recorded)
 * @param userRef the user recorded as having run the template, or null
 * @param repository where the repository lives
 */
public record UpgradeTarget(@Nullable EntityRef entityRef, EntityRef templateRef,
    @Nullable String recordedVersion, ObjectNode values, @Nullable String userRef,
    RepositoryLocation repository) {
  public UpgradeTarget {
    Objects.requireNonNull(templateRef, "templateRef");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(repository, "repository");
    values = values.deepCopy();
  }

  @Override
  public ObjectNode values() {
    return values.deepCopy();
  }
}
