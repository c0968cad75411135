package dev.greenroom.catalog.model.internal;

import dev.greenroom.catalog.model.Entity;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copy-free access to an {@link Entity}'s tree for catalog-core's own stages; not API.
 *
 * <p>An entity is immutable, so one entity's tree may be read by any number of stages, and parts
 * of it may be shared with the trees of entities derived from it, as long as nobody writes to it.
 * {@link #readOnly} hands out the tree itself under that rule; {@link #adopt} takes a tree the
 * caller built and will not touch again. Everything outside catalog-core goes through the public
 * methods of {@code Entity}, which copy.
 *
 * <p>Entity installs its accessor from its static initialiser; this class initialises Entity
 * first, so the accessor is there before any method here runs, and a second install fails.
 */
public final class EntityTrees {
  /** What Entity hands over; implemented by Entity only. */
  public interface Access {
    /** The entity's own tree. */
    ObjectNode tree(Entity entity);

    /** An entity over {@code tree}, which is not copied; checks the envelope. */
    Entity adopt(ObjectNode tree);
  }

  private static @Nullable Access access;

  static {
    try {
      Class.forName(Entity.class.getName(), true, Entity.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private EntityTrees() {}

  /**
   * Called once, by Entity's static initialiser.
   *
   * @throws IllegalStateException on a second call
   */
  public static synchronized void install(Access a) {
    if (access != null) {
      throw new IllegalStateException("the entity tree accessor is installed already");
    }
    access = a;
  }

  private static Access access() {
    Access a = access;
    if (a == null) {
      throw new IllegalStateException("Entity did not install its tree accessor");
    }
    return a;
  }

  /**
   * The entity's tree itself, not a copy. The caller must not change it, nor keep a part of it
   * in a tree that something else may change.
   */
  public static ObjectNode readOnly(Entity entity) {
    return access().tree(entity);
  }

  /**
   * An entity over {@code tree} without copying it: the caller gives the tree up (it keeps no
   * reference it will write through). Parts of it may be shared with other entities' trees.
   *
   * @throws dev.greenroom.catalog.model.InvalidEntityException if the tree lacks the envelope
   */
  public static Entity adopt(ObjectNode tree) {
    return access().adopt(tree);
  }

  /**
   * A tree equal to the entity's whose root, {@code metadata} and {@code spec} objects are new and
   * everything below them is shared: the caller may set or remove members of those three objects
   * (and then {@link #adopt} it), never change anything deeper.
   */
  public static ObjectNode editableTop(Entity entity) {
    return editableTop(readOnly(entity));
  }

  /** {@link #editableTop(Entity)} of any object tree. */
  public static ObjectNode editableTop(ObjectNode root) {
    ObjectNode copy = shallow(root);
    if (root.get("metadata") instanceof ObjectNode meta) {
      copy.set("metadata", shallow(meta));
    }
    if (root.get("spec") instanceof ObjectNode spec) {
      copy.set("spec", shallow(spec));
    }
    return copy;
  }

  /** A new object with the same members (the member values are shared). */
  public static ObjectNode shallow(ObjectNode node) {
    ObjectNode copy = node.objectNode();
    copy.setAll(node);
    return copy;
  }
}
