/** Gitea's action, {@code publish:gitea}, on the {@code integrations.gitea} credentials. */
@NullMarked
package dev.greenroom.scaffolder.publish.gitea;

import org.jspecify.annotations.NullMarked;
