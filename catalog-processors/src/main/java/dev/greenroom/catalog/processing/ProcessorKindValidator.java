package dev.greenroom.catalog.processing;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.validation.KindCheck;
import dev.greenroom.catalog.validation.KindValidator;
import java.util.Objects;

/**
 * A processor's {@link CatalogProcessor#validateKind} seen as a catalog-core {@link
 * KindValidator}, so that {@code EntityValidator} consults it as the engine does: a processor that
 * answers null says "not mine", one that throws makes the entity invalid with the processor's
 * error name and message. The processor sees the entity the policies passed on, not a copy.
 *
 * @param processor the processor asked
 */
public record ProcessorKindValidator(CatalogProcessor processor) implements KindValidator {
  public ProcessorKindValidator {
    Objects.requireNonNull(processor, "processor");
  }

  @Override
  public String processorName() {
    return processor.name();
  }

  @Override
  public KindCheck check(Entity entity) {
    try {
      KindCheck c = processor.validateKind(entity);
      return c == null ? KindCheck.notMine() : c;
    } catch (Exception e) {
      ProcessingError err = ProcessingError.of(e);
      return new KindCheck.Invalid("", err.message(), err.name());
    }
  }
}
