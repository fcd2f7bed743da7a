/** Parsing and validation of the URLs that choose backends and serializers. */
@NullMarked
package io.cachette.url;

import org.jspecify.annotations.NullMarked;
