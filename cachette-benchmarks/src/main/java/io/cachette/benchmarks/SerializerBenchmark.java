package io.cachette.benchmarks;

import io.cachette.serial.Serializer;
import io.cachette.serial.Serializers;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode + decode of a realistic record (an order with customer, lines, amounts, timestamps and
 * tags, about 1 KB as JSON) through each serializer chain. Reports the serialized size as a
 * secondary result in the setup log.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SerializerBenchmark {

  /** A customer of an order. */
  public record Customer(long id, String name, String email, List<String> segments)
      implements Serializable {}

  /** One line of an order. */
  public record Line(String sku, String title, int quantity, BigDecimal unitPrice)
      implements Serializable {}

  /** The realistic value: about 1 KB as JSON. */
  public record Order(String id, Customer customer, List<Line> lines, BigDecimal total,
      String currency, Instant createdAt, Map<String, String> attributes, boolean paid)
      implements Serializable {}

  @Param({"json://", "json+zstd://", "java://", "java+zstd://", "msgpack://", "msgpack+zstd://"})
  public String chain;

  private Serializer<Order> serializer;
  private Order order;

  @Setup
  public void setUp() {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lines.add(new Line("SKU-" + (1000 + i), "Stainless steel widget, size " + i, i + 1,
          new BigDecimal("19.99").add(BigDecimal.valueOf(i))));
    }
    order = new Order("ord-2026-11-000042",
        new Customer(42, "Ada Lovelace", "ada@example.org", List.of("vip", "newsletter")),
        lines, new BigDecimal("287.28"), "EUR", Instant.parse("2026-11-22T10:15:30Z"),
        Map.of("channel", "web", "coupon", "AUTUMN10", "warehouse", "FRA-2"), true);
    serializer = Serializers.fromUrl(chain, Order.class);
    if (!serializer.deserialize(serializer.serialize(order)).equals(order)) {
      throw new IllegalStateException(chain + " does not round-trip the order");
    }
    System.out.println("\n" + chain + " serialized size: " + serializer.serialize(order).length
        + " bytes");
  }

  @Benchmark
  public Order encodeDecode() {
    return serializer.deserialize(serializer.serialize(order));
  }
}
