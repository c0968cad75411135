/**
 * Running one template: the {@link dev.greenroom.scaffolder.run.TemplateRunner} contract, what it
 * takes ({@link dev.greenroom.scaffolder.run.RunRequest}, {@link
 * dev.greenroom.scaffolder.run.Checkpoints}), what it reports while running ({@link
 * dev.greenroom.scaffolder.run.RunListener}) and what it returns ({@link
 * dev.greenroom.scaffolder.run.RunResult}). The task layer ({@code scaffolder.task}) stores these;
 * this package keeps nothing.
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.scaffolder.run;
