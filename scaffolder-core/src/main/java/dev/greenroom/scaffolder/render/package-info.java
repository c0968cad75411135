/**
 * The {@code ${{ }}} template language: Nunjucks syntax and semantics on the Pebble engine,
 * sandboxed (no Java methods or classes, no file includes or imports, no environment). {@link
 * dev.greenroom.scaffolder.render.TemplateRenderer} renders step inputs (keeping the JSON type of
 * whole-value expressions) and skeleton files; {@link dev.greenroom.scaffolder.render.TemplateFilter}
 * and {@link dev.greenroom.scaffolder.render.TemplateFunction} are how hosts add filters and globals.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.render;
