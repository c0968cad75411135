package dev.greenroom.notifications;

import java.util.List;

/**
 * Who a notification goes to, as Backstage's {@code recipients}: every user ({@link Broadcast}),
 * or the users behind entity refs ({@link Entities}).
 */
public sealed interface Recipients {
  /** Everybody: stored once, shown to every user. */
  static Recipients broadcast() {
    return Broadcast.INSTANCE;
  }

  /** The users behind these refs (users; groups' members; owners of other entities). */
  static Recipients entities(List<String> entityRefs) {
    return new Entities(entityRefs, List.of());
  }

  /** Everybody. */
  enum Broadcast implements Recipients {
    /** The only instance. */
    INSTANCE
  }

  /**
   * Users resolved through the catalog: a user ref is that user; a group is its members ({@code
   * hasMember}) and, recursively, its child groups' ({@code parentOf}); any other entity is its
   * owner ({@code ownedBy}), resolved the same way.
   *
   * @param entityRefs the refs to resolve
   * @param excludeEntityRefs refs (users or groups) to leave out
   */
  record Entities(List<String> entityRefs, List<String> excludeEntityRefs) implements Recipients {
    public Entities {
      entityRefs = List.copyOf(entityRefs);
      excludeEntityRefs = List.copyOf(excludeEntityRefs);
    }
  }
}
