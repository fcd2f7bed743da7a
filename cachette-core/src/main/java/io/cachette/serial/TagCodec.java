package io.cachette.serial;

import io.cachette.SerializationException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A type the tagged JSON format stores under a tag, with conversions to and from a payload the
 * format can write (a string, a number, a list, another tagged value...).
 *
 * @param type the values' type; subclasses are stored under the same tag
 * @param tag the member name of the one-member object that holds the payload
 * @param encoder turns a value into its payload; never returns null
 * @param decoder builds the value back from the decoded payload; throws any runtime exception for
 *     a payload it cannot read
 */
record TagCodec<T>(Class<T> type, String tag, Function<? super T, ?> encoder,
    Function<@Nullable Object, ? extends T> decoder) {

  /** The payload of a value of this codec's type. */
  Object encode(Object value) {
    Object payload = encoder.apply(type.cast(value));
    if (payload == null) {
      throw new SerializationException("the encoder of tag '" + tag + "' returned null for a "
          + value.getClass().getName());
    }
    return payload;
  }
}
