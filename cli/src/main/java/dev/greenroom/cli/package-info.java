/**
 * The {@code greenroom.jar} command line: {@link dev.greenroom.cli.Greenroom} (picocli) and one
 * class per subcommand: {@code serve} (the backend, from Backstage's {@code app-config.yaml}),
 * {@code validate} (catalog files checked with Backstage's rules through the test kit's {@code
 * CatalogLoader}) and {@code graph} (dependencies and dependents as text, DOT or Mermaid). See
 * {@code cli/README.md}.
 */
@NullMarked
package dev.greenroom.cli;

import org.jspecify.annotations.NullMarked;
