package dev.greenroom.catalog.processing.builtin;

import dev.greenroom.catalog.model.BuiltinRelations;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.ProcessingError;
import dev.greenroom.catalog.processing.ProcessingException;
import dev.greenroom.catalog.processing.ProcessingResult;
import dev.greenroom.catalog.processing.ProcessorContext;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.KindCheck;
import dev.greenroom.catalog.validation.KindValidator;
import java.util.List;

/**
 * Backstage's {@code BuiltinKindsEntityProcessor}: validates the built-in kinds (API, Component,
 * Resource, Group, Location, User, System, Domain) against their schemas, and emits the relations
 * their {@code spec} fields imply, both directions (the table in catalog-core's {@link
 * BuiltinRelations}, which includes the {@code Template} owner).
 */
public final class BuiltinKindsProcessor implements CatalogProcessor {
  /** The name, as in Backstage. */
  public static final String NAME = EntityValidator.BUILTIN_PROCESSOR;

  private final List<KindValidator> validators;

  public BuiltinKindsProcessor() {
    this.validators = validatorsOf(NAME);
  }

  static List<KindValidator> validatorsOf(String processorName) {
    return EntityValidator.builtinKindValidators().stream()
        .filter(v -> v.processorName().equals(processorName))
        .toList();
  }

  static KindCheck check(List<KindValidator> validators, Entity entity) {
    for (KindValidator v : validators) {
      KindCheck c = v.check(entity);
      if (!(c instanceof KindCheck.NotMine)) {
        return c;
      }
    }
    return KindCheck.notMine();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KindCheck validateKind(Entity entity) {
    return check(validators, entity);
  }

  @Override
  public Entity postProcess(Entity entity, ProcessorContext context) {
    List<RelationEdge> edges;
    try {
      edges = BuiltinRelations.of(entity);
    } catch (InvalidEntityRefException e) {
      String msg = e.getMessage();
      String name = msg.contains("was not on the form") ? "TypeError" : "Error";
      throw new ProcessingException(new ProcessingError(name, msg));
    }
    for (RelationEdge edge : edges) {
      context.emit(ProcessingResult.relation(edge));
    }
    return entity;
  }
}
