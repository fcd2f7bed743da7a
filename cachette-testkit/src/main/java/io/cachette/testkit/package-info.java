/** The backend conformance suite: extend {@link io.cachette.testkit.BackendConformanceTest}. */
@NullMarked
package io.cachette.testkit;

import org.jspecify.annotations.NullMarked;
