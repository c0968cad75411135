/**
 * The command-line validation benchmark: {@link dev.greenroom.benchmarks.validate.EntityFiles}
 * writes a deterministic folder of one-entity catalog files, and {@link
 * dev.greenroom.benchmarks.validate.ValidateFilesBenchmark} times reading and validating them in
 * process, for comparison with {@code greenroom validate} and Backstage's validators under Node
 * ({@code benchmarks/README.md}).
 */
@NullMarked
package dev.greenroom.benchmarks.validate;

import org.jspecify.annotations.NullMarked;
