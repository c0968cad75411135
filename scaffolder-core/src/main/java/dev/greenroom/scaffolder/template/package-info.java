/**
 * The {@code scaffolder.backstage.io/v1beta3} Template model ({@link
 * dev.greenroom.scaffolder.template.Template}, {@link dev.greenroom.scaffolder.template.TemplateStep})
 * read from a catalog entity or YAML, the initiating user, and parameter validation against the
 * template's schemas ({@link dev.greenroom.scaffolder.template.ParameterValidator}).
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.template;
