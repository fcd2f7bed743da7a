package io.cachette.serial;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Jackson's {@code BigDecimal} reader with the scale bound of {@link NumberBounds}: Jackson bounds
 * the length of a number (1,000 characters by default, string-coerced numbers included) but not its
 * scale, so {@code "1e999999999"} would read as a value whose first {@code add} or
 * {@code toPlainString} allocates a billion digits.
 */
final class BoundedDecimalDeserializer extends NumberDeserializers.BigDecimalDeserializer {
  private static final long serialVersionUID = 1L;

  @Override
  public BigDecimal deserialize(JsonParser p, DeserializationContext context) throws IOException {
    BigDecimal value = super.deserialize(p, context);
    if (value != null && Math.abs((long) value.scale()) > NumberBounds.MAX_SCALE) {
      return context.reportInputMismatch(this, "BigDecimal scale %d is outside -%d..%d",
          value.scale(), NumberBounds.MAX_SCALE, NumberBounds.MAX_SCALE);
    }
    return value;
  }
}
