package dev.greenroom.catalog.processing.builtin;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.KindCheck;
import dev.greenroom.catalog.validation.KindValidator;
import java.util.List;

/**
 * Validates the scaffolder's {@code Template} kind ({@code scaffolder.backstage.io/v1beta3}), as
 * Backstage's {@code ScaffolderEntitiesProcessor} does. Its owner relation comes from {@link
 * BuiltinKindsProcessor}.
 */
public final class TemplateKindProcessor implements CatalogProcessor {
  /** The name, as in Backstage. */
  public static final String NAME = EntityValidator.SCAFFOLDER_PROCESSOR;

  private final List<KindValidator> validators = BuiltinKindsProcessor.validatorsOf(NAME);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KindCheck validateKind(Entity entity) {
    return BuiltinKindsProcessor.check(validators, entity);
  }
}
