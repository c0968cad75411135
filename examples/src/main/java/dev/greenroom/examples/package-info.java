/**
 * Hosts that embed Greenroom, and one complete example per extension point, compiled and run in
 * CI: {@link dev.greenroom.examples.LoadAndQuery} (the catalog in a plain Java service), {@link
 * dev.greenroom.examples.CodeownersProcessor} (a {@code CatalogProcessor}, registered explicitly
 * and by discovery), {@link dev.greenroom.examples.CsvEntityProvider} (an {@code EntityProvider}),
 * {@link dev.greenroom.examples.LocalMirrorUrlReader} (a {@code UrlReader}), {@link
 * dev.greenroom.examples.TrustedProxyAuthenticator} and {@link
 * dev.greenroom.examples.TeamPermissionPolicy} (authentication and permissions), {@link
 * dev.greenroom.examples.OwnershipApiPlugin} (an {@code ApiPlugin}), {@link
 * dev.greenroom.examples.JettyMountExample} (the HTTP API inside an existing Jetty), {@link
 * dev.greenroom.examples.ChangelogAppendAction} (a scaffolder {@code TemplateAction}, registered
 * explicitly and by discovery), {@link dev.greenroom.examples.AuditingTaskStore} (a scaffolder
 * {@code TaskStore} decorator), {@link dev.greenroom.examples.CoverageFactRetriever} (a scorecard
 * {@code FactRetriever}) and {@link dev.greenroom.examples.InMemoryPublisher} (a TechDocs {@code
 * Publisher}).
 */
@org.jspecify.annotations.NullMarked
package dev.greenroom.examples;
