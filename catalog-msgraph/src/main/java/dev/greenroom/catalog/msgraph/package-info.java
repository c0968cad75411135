/**
 * Backstage's {@code microsoftGraphOrg} entity provider: {@link
 * dev.greenroom.catalog.msgraph.MicrosoftGraphOrgEntityProvider} (the entry point) reads the users,
 * groups and organization of a Microsoft Entra ID tenant from Microsoft Graph and hands them to the
 * catalog engine as User and Group entities on a schedule; {@link
 * dev.greenroom.catalog.msgraph.MicrosoftGraphProviderConfig} reads {@code
 * catalog.providers.microsoftGraphOrg}; {@link dev.greenroom.catalog.msgraph.MicrosoftGraphOrg} is
 * what one read found; {@link dev.greenroom.catalog.msgraph.MicrosoftGraphException} is the
 * module's one error type.
 */
@NullMarked
package dev.greenroom.catalog.msgraph;

import org.jspecify.annotations.NullMarked;
