/**
 * GitLab's actions: {@code publish:gitlab}, {@code publish:gitlab:merge-request} and {@code
 * gitlab:group:ensureExists}, with Backstage's ids, inputs and outputs, on the {@code
 * integrations.gitlab} tokens.
 */
@NullMarked
package dev.greenroom.scaffolder.publish.gitlab;

import org.jspecify.annotations.NullMarked;
