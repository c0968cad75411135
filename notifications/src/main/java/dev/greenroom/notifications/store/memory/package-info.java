/** {@link dev.greenroom.notifications.store.memory.MemoryNotificationStore}: notifications in maps. */
@NullMarked
package dev.greenroom.notifications.store.memory;

import org.jspecify.annotations.NullMarked;
