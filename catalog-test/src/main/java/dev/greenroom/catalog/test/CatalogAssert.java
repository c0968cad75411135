package dev.greenroom.catalog.test;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.InvalidEntityRefException;
import dev.greenroom.catalog.validation.ValidationProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link LoadedCatalog}: one file or a whole folder. Obtain through {@link
 * CatalogAssertions}. Every failure message lists each offending document as {@code
 * file:line: field (document n, ref)}, the reason, and the source line.
 */
public final class CatalogAssert extends AbstractAssert<CatalogAssert, LoadedCatalog> {
  private final String label;

  CatalogAssert(LoadedCatalog actual, String label) {
    super(actual, CatalogAssert.class);
    this.label = label;
  }

  /** The catalog under test. */
  public LoadedCatalog catalog() {
    return actual;
  }

  /**
   * Every document is a valid entity by Backstage's rules, and no entity ref is declared twice.
   */
  public CatalogAssert isValid() {
    List<CheckedDocument> invalid = actual.invalidDocuments();
    List<CheckedDocument> dups = actual.duplicates();
    if (invalid.isEmpty() && dups.isEmpty()) {
      return this;
    }
    ProblemFormatter fmt = new ProblemFormatter();
    StringBuilder sb = new StringBuilder("Expecting ").append(label).append(" to be valid, but ");
    if (!invalid.isEmpty()) {
      sb.append(invalid.size()).append(" of ").append(actual.documents().size())
          .append(invalid.size() == 1 ? " document is" : " documents are").append(" not:");
      for (CheckedDocument d : invalid) {
        for (ValidationProblem p : d.problems()) {
          sb.append("\n\n").append(indent(fmt.format(d, p)));
        }
      }
    }
    if (!dups.isEmpty()) {
      sb.append(invalid.isEmpty() ? "" : "\n\nand ").append("entities are declared twice:");
      for (CheckedDocument d : dups) {
        CheckedDocument first = actual.origin(EntityRef.parse(d.ref())).orElseThrow();
        sb.append("\n  ").append(d.ref()).append(" at ").append(d.file()).append(':')
            .append(d.line()).append(", first declared at ").append(first.file()).append(':')
            .append(first.line());
      }
    }
    return fail(sb);
  }

  /** At least one document is not a valid entity. */
  public CatalogAssert isInvalid() {
    if (actual.invalidDocuments().isEmpty() && actual.duplicates().isEmpty()) {
      return fail(new StringBuilder("Expecting ").append(label)
          .append(" to be invalid, but all ").append(actual.documents().size())
          .append(" documents are valid entities"));
    }
    return this;
  }

  /**
   * Some document has a problem on {@code field} (dotted path, as {@code spec.owner}) whose message
   * contains {@code messagePart}.
   */
  public CatalogAssert hasProblem(String field, String messagePart) {
    for (ValidationProblem p : actual.problems()) {
      if (p.field().equals(field) && p.message().contains(messagePart)) {
        return this;
      }
    }
    StringBuilder sb = new StringBuilder("Expecting ").append(label).append(" to have a problem on ")
        .append(field).append(" containing \"").append(messagePart).append("\", but its problems are:");
    ProblemFormatter fmt = new ProblemFormatter();
    for (CheckedDocument d : actual.invalidDocuments()) {
      for (ValidationProblem p : d.problems()) {
        sb.append("\n\n").append(indent(fmt.format(d, p)));
      }
    }
    if (actual.invalidDocuments().isEmpty()) {
      sb.append(" none");
    }
    return fail(sb);
  }

  /** The catalog has exactly {@code count} valid entities. */
  public CatalogAssert hasEntityCount(int count) {
    if (actual.entities().size() != count) {
      return fail(new StringBuilder("Expecting ").append(label).append(" to hold ").append(count)
          .append(" entities, but it holds ").append(actual.entities().size()).append(": ")
          .append(refs()));
    }
    return this;
  }

  /** A valid entity with this ref exists ({@code component:default/foo}; short forms allowed). */
  public CatalogAssert containsEntity(String ref) {
    entityOrFail(ref);
    return this;
  }

  /** No valid entity with this ref exists. */
  public CatalogAssert doesNotContainEntity(String ref) {
    EntityRef r = parse(ref);
    actual.origin(r).ifPresent(d -> fail(new StringBuilder("Expecting ").append(label)
        .append(" not to contain ").append(r).append(", but ").append(d.file()).append(':')
        .append(d.line()).append(" declares it")));
    return this;
  }

  /** Assertions on one entity, which must exist and be valid. */
  public EntityAssert entity(String ref) {
    Entity e = entityOrFail(ref);
    return new EntityAssert(e, actual.origin(e.ref()).orElse(null));
  }

  /**
   * Every reference through a built-in relation field ({@code spec.owner}, {@code spec.system},
   * {@code spec.dependsOn}, {@code spec.memberOf}, ...) names an entity of this catalog.
   */
  public CatalogAssert hasNoDanglingRefs() {
    List<SpecReference> dangling = actual.danglingReferences();
    if (dangling.isEmpty()) {
      return this;
    }
    StringBuilder sb = new StringBuilder("Expecting every reference in ").append(label)
        .append(" to name an entity of the catalog, but ").append(dangling.size())
        .append(dangling.size() == 1 ? " does" : " do").append(" not:");
    appendReferences(sb, dangling);
    return fail(sb);
  }

  /**
   * Every Component's {@code spec.owner} names a Group or User of this catalog (the schema already
   * requires the field; this checks that the owner exists).
   */
  public CatalogAssert everyComponentHasOwner() {
    List<SpecReference> bad = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Entity e : actual.entities()) {
      if (!e.kind().equalsIgnoreCase("component")) {
        continue;
      }
      List<SpecReference> owners = actual.references().stream()
          .filter(r -> r.source().equals(e.ref()) && r.field().equals("spec.owner")).toList();
      if (owners.isEmpty()) {
        missing.add(e.ref().toString());
      }
      for (SpecReference r : owners) {
        Optional<Entity> owner = actual.entity(r.target());
        if (owner.isEmpty() || !(owner.get().kind().equalsIgnoreCase("group")
            || owner.get().kind().equalsIgnoreCase("user"))) {
          bad.add(r);
        }
      }
    }
    if (bad.isEmpty() && missing.isEmpty()) {
      return this;
    }
    StringBuilder sb = new StringBuilder("Expecting every Component in ").append(label)
        .append(" to be owned by a Group or User of the catalog, but:");
    for (String m : missing) {
      sb.append("\n  ").append(m).append(" has no spec.owner");
    }
    appendReferences(sb, bad);
    return fail(sb);
  }

  private void appendReferences(StringBuilder sb, List<SpecReference> refs) {
    ProblemFormatter fmt = new ProblemFormatter();
    for (SpecReference r : refs) {
      Optional<Entity> target = actual.entity(r.target());
      sb.append("\n\n  ").append(r.file()).append(':').append(r.line()).append(": ")
          .append(r.field()).append(" (").append(r.source()).append(")\n    ")
          .append(r.target()).append(target.isPresent()
              ? " is a " + target.get().kind() + ", not a Group or User"
              : " is not in the catalog");
      String text = fmt.sourceLine(r.file(), r.line());
      if (text != null) {
        sb.append('\n').append(String.format("    %5d | %s", r.line(), text));
      }
    }
  }

  private Entity entityOrFail(String ref) {
    EntityRef r = parse(ref);
    Optional<Entity> e = actual.entity(r);
    if (e.isPresent()) {
      return e.get();
    }
    StringBuilder sb = new StringBuilder("Expecting ").append(label).append(" to contain ")
        .append(r).append(", but ");
    Optional<CheckedDocument> invalid = actual.invalidDocuments().stream()
        .filter(d -> r.toString().equals(d.ref())).findFirst();
    if (invalid.isPresent()) {
      sb.append("its document is invalid:\n\n");
      CheckedDocument d = invalid.get();
      sb.append(indent(new ProblemFormatter().format(d, d.problems().get(0))));
    } else {
      sb.append("it holds only ").append(refs());
    }
    fail(sb);
    throw new AssertionError(sb.toString()); // not reached: fail throws
  }

  private EntityRef parse(String ref) {
    try {
      return EntityRef.parse(ref);
    } catch (InvalidEntityRefException e) {
      throw new IllegalArgumentException("not an entity ref: " + ref + " (" + e.getMessage() + ")");
    }
  }

  private List<String> refs() {
    return actual.entities().stream().map(e -> e.ref().toString()).toList();
  }

  private CatalogAssert fail(CharSequence message) {
    failWithMessage("%s", message.toString());
    return this;
  }

  static String indent(String s) {
    return "  " + s.replace("\n", "\n  ");
  }
}
