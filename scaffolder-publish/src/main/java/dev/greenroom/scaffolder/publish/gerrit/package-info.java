/** Gerrit's action, {@code publish:gerrit}, on the {@code integrations.gerrit} credentials. */
@NullMarked
package dev.greenroom.scaffolder.publish.gerrit;

import org.jspecify.annotations.NullMarked;
