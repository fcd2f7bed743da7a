package io.cachette.memo;

import io.cachette.TypeRef;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The invocation handler of a memoizing proxy. Every method's handling is worked out once, when
 * the proxy is built (which is also when invalid annotations are reported); a call then costs a
 * map lookup before the memo's own work.
 */
final class MemoProxy implements InvocationHandler {
  private final Object target;
  private final Class<?> type;
  private final Map<Method, MethodCall> calls;
  private final Map<String, List<CachedMethod>> cachedByName;
  /**
   * The handling of each {@code Method} object {@link #invoke} has received, by identity: a proxy
   * class passes the same few objects on every call, and finding one by identity skips
   * {@code Method.equals} (names, return and parameter types compared on every call). Replaced,
   * never changed, when it learns a method; bounded (see {@link #learn}).
   */
  private volatile Map<Method, MethodCall> byIdentity = new IdentityHashMap<>();

  /** How a call of one interface method is handled. */
  @FunctionalInterface
  private interface MethodCall {
    @Nullable Object call(@Nullable Object @Nullable [] args) throws Throwable;
  }

  /** A {@link Cached} method, for {@link #purge}. */
  private record CachedMethod(Method method, Memo memo) {}

  private MemoProxy(Object target, Class<?> type, Map<Method, MethodCall> calls,
      Map<String, List<CachedMethod>> cachedByName) {
    this.target = target;
    this.type = type;
    this.calls = calls;
    this.cachedByName = cachedByName;
  }

  /**
   * A proxy's scope, checked: non-blank, without {@code '/'} (the separator of scope and method in
   * keys, so no two scopes can make one key) and without control characters.
   */
  static String checkScope(String scope) {
    Objects.requireNonNull(scope, "scope");
    if (scope.isBlank() || scope.indexOf('/') >= 0
        || scope.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("A proxy scope must be non-blank text without '/' or "
          + "control characters, was '" + scope + "'; use e.g. \"tenant-a\"");
    }
    return scope;
  }

  /**
   * @param scope the proxy's scope (checked by {@link #checkScope}), or empty for the default
   *     scope that every unscoped proxy of {@code type} shares
   */
  static <T> T create(DefaultMemoizer memoizer, Class<T> type, T target, String scope) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (!type.isInterface()) {
      throw new IllegalArgumentException("Memoizer.proxy needs an interface, and "
          + type.getName() + " is a class: extract an interface, or use Memoizer.wrap");
    }
    if (!type.isInstance(target)) {
      throw new IllegalArgumentException("The target, a " + target.getClass().getName()
          + ", does not implement " + type.getName());
    }
    Map<TypeVariable<?>, Type> bindings = GenericTypes.bindings(type);
    Map<Method, MethodCall> calls = new HashMap<>();
    Map<String, List<CachedMethod>> cachedByName = new LinkedHashMap<>();
    Map<String, Method> bySignature = new HashMap<>();
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      // Of methods with one signature from several superinterfaces, the proxy calls the first.
      String signature = method.getName() + Arrays.toString(method.getParameterTypes());
      boolean first = bySignature.putIfAbsent(signature, method) == null;
      if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())
          && !method.trySetAccessible()) {
        throw new IllegalArgumentException("Cannot call " + describe(method) + " reflectively: "
            + "make " + method.getDeclaringClass().getName() + " public or open its package");
      }
      Cached cached = method.getAnnotation(Cached.class);
      CacheClear clear = method.getAnnotation(CacheClear.class);
      if (cached != null && clear != null) {
        throw invalid(method, "@Cached and @CacheClear on one method; choose one");
      }
      Invoker invoker = new Invoker(target, method);
      if (cached != null) {
        Type returns = GenericTypes.resolve(method.getGenericReturnType(), bindings);
        Memo memo = cachedMemo(memoizer, method, cached, returns, scope);
        boolean async = isAsync(TypeRef.rawType(returns));
        Memo.Call onTarget = invoker::call;
        calls.put(method, async
            ? args -> memo.callAsync(args, onTarget)
            : args -> memo.call(args, onTarget));
        if (first) {
          cachedByName.computeIfAbsent(method.getName(), n -> new ArrayList<>())
              .add(new CachedMethod(method, memo));
        }
      } else if (clear != null) {
        calls.put(method, clearing(memoizer, method, clear, invoker));
      } else {
        calls.put(method, invoker::call);
      }
    }
    MemoProxy handler = new MemoProxy(target, type, calls, cachedByName);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** The handler of a proxy made by a memoizer. */
  static MemoProxy handlerOf(Object proxy) {
    if (Proxy.isProxyClass(proxy.getClass())
        && Proxy.getInvocationHandler(proxy) instanceof MemoProxy handler) {
      return handler;
    }
    throw new IllegalArgumentException("Not a memoizing proxy: a " + proxy.getClass().getName()
        + "; pass the object Memoizer.proxy returned");
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
      throws Throwable {
    MethodCall call = byIdentity.get(method);
    if (call == null) {
      call = learn(method);
    }
    try {
      return call.call(args);
    } catch (Memo.CheckedFailure failure) {
      throw failure.getCause();
    }
  }

  /**
   * The handling of {@code method}, kept by identity for the next call unless this handler
   * already keeps twice as many methods as its interface has (a caller that passes
   * {@code invoke} new {@code Method} objects each time must not grow it without bound).
   */
  private synchronized MethodCall learn(Method method) {
    MethodCall found = calls.get(method);
    MethodCall call = found != null ? found : args -> objectMethod(method, args);
    Map<Method, MethodCall> known = byIdentity;
    if (known.size() < 2 * (calls.size() + 3)) {
      Map<Method, MethodCall> more = new IdentityHashMap<>(known);
      more.put(method, call);
      byIdentity = more;
    }
    return call;
  }

  /** {@code equals}, {@code hashCode} and {@code toString}, answered by the target. */
  private @Nullable Object objectMethod(Method method, @Nullable Object @Nullable [] args)
      throws Throwable {
    if (method.getName().equals("equals") && args != null && args.length == 1) {
      Object other = args[0];
      if (other != null && Proxy.isProxyClass(other.getClass())
          && Proxy.getInvocationHandler(other) instanceof MemoProxy handler) {
        other = handler.target;
      }
      return target.equals(other);
    }
    return new Invoker(target, method).call(args);
  }

  /**
   * Removes the entry of one call of a {@link Cached} method; see {@link Memoizer#purge}. As in
   * Java's overload resolution, methods the arguments fit exactly are preferred to methods they fit
   * by widening ({@code 1} picks {@code find(int)} over {@code find(long)}).
   */
  boolean purge(String name, @Nullable Object[] args) {
    List<CachedMethod> named = cachedByName.getOrDefault(name, List.of());
    for (boolean widening : new boolean[] {false, true}) {
      List<CachedMethod> matching = new ArrayList<>();
      List<@Nullable Object[]> fittedArgs = new ArrayList<>();
      for (CachedMethod candidate : named) {
        @Nullable Object[] fitted = fit(candidate.method.getParameterTypes(), args, widening);
        if (fitted != null) {
          matching.add(candidate);
          fittedArgs.add(fitted);
        }
      }
      if (matching.size() == 1) {
        return matching.get(0).memo.purge(fittedArgs.get(0));
      }
      if (matching.size() > 1) {
        throw new IllegalArgumentException("More than one @Cached method " + name + " of "
            + type.getName() + " takes " + describe(args) + ": " + matching.stream()
            .map(c -> describe(c.method)).collect(Collectors.joining(", "))
            + "; pass arguments of the exact parameter types");
      }
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException("No @Cached method named '" + name + "' in "
          + type.getName() + "; @Cached methods: " + cachedByName.keySet());
    }
    throw new IllegalArgumentException("No @Cached method " + name + " of " + type.getName()
        + " takes " + describe(args) + "; candidates: " + named.stream()
        .map(c -> describe(c.method)).collect(Collectors.joining(", ")));
  }

  private static String describe(@Nullable Object[] args) {
    return Arrays.stream(args).map(a -> a == null ? "null" : a.getClass().getSimpleName())
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * The arguments as the parameter types take them, or null when they do not fit. Boxed values fit
   * their primitive; with {@code widening}, also wider primitives, converted as reflection would.
   */
  private static @Nullable Object @Nullable [] fit(Class<?>[] parameters, @Nullable Object[] args,
      boolean widening) {
    if (parameters.length != args.length) {
      return null;
    }
    @Nullable Object[] fitted = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      Class<?> parameter = parameters[i];
      if (!parameter.isPrimitive()) {
        if (arg != null && !parameter.isInstance(arg)) {
          return null;
        }
        fitted[i] = arg;
      } else {
        Object converted = arg == null ? null : Primitives.widen(arg, parameter);
        if (converted == null || !widening && converted.getClass() != arg.getClass()) {
          return null;
        }
        fitted[i] = converted;
      }
    }
    return fitted;
  }

  private static Memo cachedMemo(DefaultMemoizer memoizer, Method method, Cached cached,
      Type returns, String scope) {
    Class<?> raw = TypeRef.rawType(returns);
    if (raw == void.class || raw == Void.class) {
      throw invalid(method, "@Cached on a void method: there is no result to cache "
          + "(to clear caches, use @CacheClear)");
    }
    Type valueType = returns;
    if (isAsync(raw)) {
      valueType = GenericTypes.argument(returns);
      if (TypeRef.rawType(valueType) == Void.class) {
        throw invalid(method, "@Cached on a method whose future holds no value ("
            + returns.getTypeName() + ")");
      }
    } else if (Future.class.isAssignableFrom(raw)) {
      throw invalid(method, "@Cached on a method returning " + raw.getSimpleName()
          + ": only CompletableFuture and CompletionStage results can be memoized");
    }
    if (cached.typed() && cached.key() != KeyGenerator.class) {
      throw invalid(method, "@Cached(typed = true) with a key generator: the generator makes the "
          + "keys its own way, so typed does not apply; drop one");
    }
    try {
      MemoSettings settings = new MemoSettings(
          cached.namespace(),
          TtlText.parse(cached.ttl(), memoizer.defaultTtl),
          cached.typed(),
          keyGenerator(cached.key()),
          EnabledSwitch.isEnabled(cached.enabled()),
          cached.ifAbsent(),
          cached.cacheNulls());
      return memoizer.memo(keyName(method), scope, valueType, settings, null);
    } catch (IllegalArgumentException e) {
      throw invalid(method, e.getMessage());
    }
  }

  private static MethodCall clearing(DefaultMemoizer memoizer, Method method, CacheClear clear,
      Invoker invoker) {
    String[] namespaces = clear.namespaces().clone();
    if (namespaces.length == 0) {
      throw invalid(method, "@CacheClear names no namespaces; list at least one");
    }
    for (String namespace : namespaces) {
      try {
        memoizer.checkNamespace(namespace);
      } catch (IllegalArgumentException e) {
        throw invalid(method, "@CacheClear: " + e.getMessage());
      }
    }
    if (clear.when() == CacheClear.When.BEFORE) {
      return args -> {
        memoizer.clearQuietly(namespaces);
        return invoker.call(args);
      };
    }
    if (isAsync(method.getReturnType())) {
      return args -> {
        Object stage = invoker.call(args);
        if (stage == null) {
          return null;
        }
        return ((CompletionStage<?>) stage).toCompletableFuture()
            .thenCompose(value -> memoizer.clearQuietlyAsync(namespaces).thenApply(x -> value));
      };
    }
    return args -> {
      Object result = invoker.call(args);
      memoizer.clearQuietly(namespaces);
      return result;
    };
  }

  private static boolean isAsync(Class<?> raw) {
    return raw == CompletableFuture.class || raw == CompletionStage.class;
  }

  private static @Nullable KeyGenerator keyGenerator(Class<? extends KeyGenerator> type) {
    if (type == KeyGenerator.class) {
      return null;
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException("key generator " + type.getName()
          + " is abstract; name a concrete class with a no-argument constructor");
    }
    try {
      Constructor<? extends KeyGenerator> constructor = type.getDeclaredConstructor();
      if (!constructor.trySetAccessible()) {
        throw new IllegalArgumentException("key generator " + type.getName()
            + " has no accessible no-argument constructor; make it public");
      }
      return constructor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("key generator " + type.getName()
          + " has no no-argument constructor; add one");
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("key generator " + type.getName()
          + " could not be made: its constructor threw " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("key generator " + type.getName()
          + " could not be made: " + e);
    }
  }

  /**
   * {@code <declaring class>.<method>}, with the parameter types in brackets when the declaring
   * class has several methods of that name, so that overloads never share keys.
   */
  static String keyName(Method method) {
    Class<?> declaring = method.getDeclaringClass();
    String name = declaring.getName() + "." + method.getName();
    long sameName = Arrays.stream(declaring.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && m.getName().equals(method.getName()))
        .count();
    if (sameName > 1) {
      name += Arrays.stream(method.getParameterTypes()).map(Class::getTypeName)
          .collect(Collectors.joining(",", "[", "]"));
    }
    return name;
  }

  private static String describe(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName()
        + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  private static IllegalArgumentException invalid(Method method, @Nullable String problem) {
    return new IllegalArgumentException("Invalid memoization of " + describe(method) + ": "
        + problem);
  }

  /** Calls one method on the target, rethrowing what it throws as it is. */
  private record Invoker(Object target, Method method) {
    @Nullable Object call(@Nullable Object @Nullable [] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
