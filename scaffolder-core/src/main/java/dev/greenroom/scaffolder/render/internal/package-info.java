/**
 * Not API: the Pebble configuration behind {@link dev.greenroom.scaffolder.render.TemplateRenderer}
 * (source rewriting from Nunjucks to Pebble, JavaScript-style operators and values, filters).
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.render.internal;
