package dev.greenroom.catalog.store;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.RelationEdge;
import dev.greenroom.catalog.model.StatusItem;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Changes that a store applies atomically: all of them or, on failure, none.
 *
 * <p>An upsert carries what stitching needs to make an entity's final form: the entity as
 * processed (without {@code relations}), the relation edges its processing emitted and, from a
 * processing engine, its {@code uid}, orphan state and processing errors. The store stitches
 * (catalog-core's {@code stitch.Stitcher}): every entity's final {@code relations} are the edges,
 * from any emitter, whose source is that entity. A delete removes an entity and the edges it
 * emitted. Later operations on the same ref win.
 */
public final class WriteBatch {
  /** One operation. */
  public sealed interface Op permits Upsert, Delete {
    /** The entity the operation is about. */
    EntityRef ref();
  }

  /**
   * Store {@code entity}, stitched, with the edges it emits.
   *
   * @param entity the processed entity; its {@code relations} are ignored and rebuilt
   * @param emitted the edges this entity's processing emitted, forward and inverse
   * @param uid the final {@code metadata.uid} (a processing engine passes the id of the entity's
   *     processing state, as Backstage uses its refresh state's {@code entity_id}); null keeps
   *     the stored entity's uid, else the entity's own, else a new random one
   * @param orphan true when no location, provider or parent emits the entity any more: the final
   *     entity gets {@code backstage.io/orphan: 'true'}
   * @param errors the errors of the entity's last processing run as status items ({@link
   *     StatusItem#processingError}), appended to its {@code status.items}
   */
  public record Upsert(
      Entity entity,
      List<RelationEdge> emitted,
      @Nullable String uid,
      boolean orphan,
      List<StatusItem> errors)
      implements Op {
    public Upsert {
      emitted = List.copyOf(emitted);
      errors = List.copyOf(errors);
    }

    /** An upsert of an entity stored as it is: no uid given, not an orphan, no errors. */
    public Upsert(Entity entity, List<RelationEdge> emitted) {
      this(entity, emitted, null, false, List.of());
    }

    @Override
    public EntityRef ref() {
      return entity.ref();
    }
  }

  /**
   * Remove the entity and its emitted edges.
   *
   * @param ref the entity to remove
   */
  public record Delete(EntityRef ref) implements Op {}

  private final List<Op> ops = new ArrayList<>();
  private boolean deferRestitch;

  /**
   * Defers re-stitching the entities this batch affects only through relations (for example the
   * group that a new component's {@code ownedBy} gives an {@code ownerOf}): the batch stitches its
   * own upserts, and the store remembers the others, crash-safe, for {@link
   * EntityStore#restitchDeferred(int)}. Until then those entities miss the newest inverse
   * relations. Bulk loads use it so that a group receiving relations from thousands of components
   * is stitched once, not once per batch.
   */
  public WriteBatch deferRestitch() {
    this.deferRestitch = true;
    return this;
  }

  /** True when {@link #deferRestitch()} was called. */
  public boolean defersRestitch() {
    return deferRestitch;
  }

  /** Adds an upsert of an entity stored as it is (see {@link Upsert#Upsert(Entity, List)}). */
  public WriteBatch upsert(Entity entity, List<RelationEdge> emitted) {
    ops.add(new Upsert(entity, emitted));
    return this;
  }

  /** Adds an upsert with its processing inputs. */
  public WriteBatch upsert(Upsert upsert) {
    ops.add(upsert);
    return this;
  }

  /** Adds a delete. */
  public WriteBatch delete(EntityRef ref) {
    ops.add(new Delete(ref));
    return this;
  }

  /** The operations, in the order they were added. */
  public List<Op> ops() {
    return List.copyOf(ops);
  }

  /** True when the batch holds nothing. */
  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** The number of operations. */
  public int size() {
    return ops.size();
  }
}
