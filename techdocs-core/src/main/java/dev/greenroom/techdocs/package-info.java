/**
 * TechDocs sites built in Java. Arrives with issue 6.
 */
package dev.greenroom.techdocs;
