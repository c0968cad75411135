/**
 * GitHub's actions: {@code publish:github}, {@code github:repo:create}, {@code github:repo:push},
 * {@code publish:github:pull-request}, {@code github:webhook}, {@code github:environment:create}
 * and {@code github:actions:dispatch}, with Backstage's ids, inputs and outputs, on the {@code
 * integrations.github} tokens and GitHub Apps.
 */
@NullMarked
package dev.greenroom.scaffolder.publish.github;

import org.jspecify.annotations.NullMarked;
