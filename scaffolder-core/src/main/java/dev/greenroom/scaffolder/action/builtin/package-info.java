/**
 * The built-in actions, on the same {@link dev.greenroom.scaffolder.action.TemplateAction} SPI as
 * third-party ones: {@code fetch:*}, {@code debug:*}, {@code fs:*}, {@code catalog:*} and {@code
 * publish:git} (JGit).
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.action.builtin;
