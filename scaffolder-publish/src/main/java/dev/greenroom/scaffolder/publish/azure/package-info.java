/** Azure DevOps' action, {@code publish:azure}, on the {@code integrations.azure} credentials. */
@NullMarked
package dev.greenroom.scaffolder.publish.azure;

import org.jspecify.annotations.NullMarked;
