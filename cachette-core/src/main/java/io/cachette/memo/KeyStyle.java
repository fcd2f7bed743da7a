package io.cachette.memo;

/** How a {@link Memoizer} turns a call into a cache key when no {@link KeyGenerator} is given. */
public enum KeyStyle {

  /**
   * {@code <namespace>:<declaring class>.<method>(<arguments>)}, deterministic across JVMs and
   * runs, for example {@code users:com.example.Users.find(42)}. The class is the binary name
   * ({@code Outer$Inner}); an overloaded method is followed by its parameter types in brackets
   * ({@code find[long](42)}), so overloads never share keys. A proxy made with a scope
   * ({@link Memoizer#proxy(Class, Object, String)}) puts {@code <scope>/} before the class. Arguments
   * are rendered canonically:
   * <ul>
   *   <li>{@code null}, {@code true}, {@code false}; strings in double quotes and characters in
   *       single quotes, with {@code \}, the quote and control characters escaped;</li>
   *   <li>numbers by value in plain decimal ({@code 1}, {@code 1.5}, {@code NaN}), so {@code 1},
   *       {@code 1L} and {@code 1.0} share a key unless the method is
   *       {@linkplain Cached#typed() typed}, which prefixes each number with its type:
   *       {@code (int)1}, {@code (long)1}, {@code (double)1};</li>
   *   <li>lists, other ordered collections and arrays as {@code [a, b]} in order (typed arrays are
   *       prefixed with their type, such as {@code (int[])}); sets as {@code {a, b}} and maps as
   *       {@code {k: v}} sorted by their rendered text (the empty map is {@code {:}});</li>
   *   <li>enums as {@code <class>.<NAME>}; records as {@code <class>(a=1, b="x")} in component order;
   *       beans (objects with getters) as {@code <class>(prop=...)} sorted by property name;
   *       {@code Optional} as {@code Optional(x)} or {@code Optional()};</li>
   *   <li>common JDK values (java.time types, {@code UUID}, {@code URI}, {@code Path},
   *       {@code Locale}, {@code Class}...) and other objects that override {@code toString} as
   *       {@code <class>("<text>")}.</li>
   * </ul>
   * Other arguments (nothing of the above) fail the call with an
   * {@link IllegalArgumentException}. A key longer than
   * {@link io.cachette.Cache#MAX_KEY_BYTES} bytes is stored {@link #HASHED} instead.
   */
  READABLE,

  /**
   * {@code <namespace>:<hex>}: the lowercase hex SHA-256 digest (64 characters) of the UTF-8
   * {@link #READABLE} key, namespace included. For backends with short key limits, or long
   * arguments.
   */
  HASHED
}
