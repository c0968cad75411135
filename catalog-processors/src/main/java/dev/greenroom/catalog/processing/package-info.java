/**
 * The catalog processing pipeline (locations, processors, stitching, refresh loop). Arrives with issue 3.
 */
package dev.greenroom.catalog.processing;
