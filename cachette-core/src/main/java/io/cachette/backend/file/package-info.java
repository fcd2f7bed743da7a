/**
 * {@code file://}: {@link io.cachette.backend.file.FileBackend}, one file per entry in a local
 * folder, shared safely by threads and processes. The entry format, the locks and the size index
 * are package-private.
 */
@NullMarked
package io.cachette.backend.file;

import org.jspecify.annotations.NullMarked;
