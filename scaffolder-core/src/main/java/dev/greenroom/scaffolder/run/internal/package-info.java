/** Not API: the runner behind {@link dev.greenroom.scaffolder.run.TemplateRunner}. */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.run.internal;
