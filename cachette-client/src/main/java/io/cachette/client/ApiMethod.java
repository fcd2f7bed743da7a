package io.cachette.client;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One method of an API interface, parsed and validated once by {@link ApiClient#create}: how its
 * arguments make a request, and how a response becomes its result. Calls run through
 * {@link #invoke}, which hands memoized methods to their {@link MemoCall}.
 */
final class ApiMethod {
  /** What a 2xx body is read as. */
  enum BodyKind { VOID, STRING, BYTES, JSON }

  /** What wraps the body in the method's result. */
  enum Wrapper { NONE, OPTIONAL, RESPONSE }

  /** What a parameter is. */
  enum Kind { PATH, QUERY, QUERY_MAP, HEADER, HEADER_MAP, BODY, URL }

  /** An encoded path value with a "." or ".." segment, in any case of its encoding. */
  private static final Pattern CLIMBS =
      Pattern.compile("(.*/)?(\\.|%2[eE]){1,2}(/.*)?");
  private static final Pattern VARIABLE = Pattern.compile("\\{([^{}/]*)}");
  private static final Set<Class<?>> HTTP_METHODS =
      Set.of(GET.class, POST.class, PUT.class, PATCH.class, DELETE.class, HEAD.class);
  private static final List<Class<? extends Annotation>> PARAMETER_ANNOTATIONS = List.of(
      Path.class, Query.class, QueryMap.class, Header.class, HeaderMap.class, Body.class,
      Url.class);

  private final DefaultApiClient client;
  final String where;
  final String verb;
  /** The path template with the interface's base path, as keys show it; empty with @Url. */
  final String template;
  /** Literal strings and Integer parameter indexes, in order. */
  private final List<Object> pathParts = new ArrayList<>();
  final Kind[] kinds;
  final String[] names;
  /** Per parameter: whether its values are already URL-encoded. */
  private final boolean[] encoded;
  private int urlIndex = -1;
  private int bodyIndex = -1;
  private final List<String[]> fixedHeaders;
  final boolean async;
  final Wrapper wrapper;
  final BodyKind bodyKind;
  /** The body's type: what a memoized call stores (boxed). */
  final Type bodyType;
  private final boolean primitive;
  private final @Nullable ObjectReader reader;
  private final boolean declaresIoException;
  private final @Nullable MemoCall memo;

  ApiMethod(DefaultApiClient client, Class<?> api, Method method, String basePath,
      List<String[]> typeHeaders) {
    this.client = client;
    this.where = api.getSimpleName() + "." + method.getName();
    Annotation httpMethod = httpMethod(method);
    this.verb = httpMethod.annotationType().getSimpleName();
    String path = pathOf(httpMethod);

    int count = method.getParameterCount();
    this.kinds = new Kind[count];
    this.names = new String[count];
    this.encoded = new boolean[count];
    Annotation[][] annotations = method.getParameterAnnotations();
    Type[] parameterTypes = method.getGenericParameterTypes();
    for (int i = 0; i < count; i++) {
      readParameter(i, annotations[i], parameterTypes[i]);
    }
    if (urlIndex >= 0) {
      if (!path.isEmpty()) {
        throw fail("has a @Url parameter and the path \"" + path + "\"; leave the path empty, as "
            + "in @" + verb + "()");
      }
      this.template = "";
    } else {
      if (!path.isEmpty() && !path.startsWith("/") && !path.startsWith("?")) {
        path = "/" + path;
      }
      this.template = basePath + path;
      parseTemplate();
    }
    if (bodyIndex >= 0 && (verb.equals("GET") || verb.equals("HEAD"))) {
      throw fail("has a @Body, but a " + verb + " request sends no body; remove the @Body or use "
          + "@POST, @PUT or @PATCH");
    }
    List<String[]> headers = new ArrayList<>(typeHeaders);
    Headers methodHeaders = method.getAnnotation(Headers.class);
    if (methodHeaders != null) {
      headers.addAll(parseHeaders(methodHeaders, where));
    }
    this.fixedHeaders = List.copyOf(headers);

    Type returns = method.getGenericReturnType();
    Class<?> raw = rawType(returns);
    this.async = raw == CompletableFuture.class || raw == CompletionStage.class;
    if (async) {
      if (!(returns instanceof ParameterizedType)) {
        throw fail("returns a raw " + raw.getSimpleName() + "; say what it completes with, as in "
            + "CompletableFuture<Pokemon>");
      }
      returns = typeArgument(returns);
      raw = rawType(returns);
    }
    if (isOpen(returns)) {
      throw fail("returns " + returns.getTypeName() + ", which holds a type variable or wildcard; "
          + "declare a concrete type such as List<Pokemon>");
    }
    if (raw == Optional.class || raw == HttpResponse.class) {
      if (!(returns instanceof ParameterizedType)) {
        throw fail("returns a raw " + raw.getSimpleName() + "; give its type argument, as in "
            + raw.getSimpleName() + "<Pokemon>");
      }
      this.wrapper = raw == Optional.class ? Wrapper.OPTIONAL : Wrapper.RESPONSE;
      returns = typeArgument(returns);
      raw = rawType(returns);
    } else {
      this.wrapper = Wrapper.NONE;
    }
    this.primitive = raw.isPrimitive() && raw != void.class;
    this.bodyType = boxed(returns);
    if (raw == void.class || raw == Void.class) {
      this.bodyKind = BodyKind.VOID;
    } else if (raw == String.class) {
      this.bodyKind = BodyKind.STRING;
    } else if (raw == byte[].class) {
      this.bodyKind = BodyKind.BYTES;
    } else {
      this.bodyKind = BodyKind.JSON;
    }
    if (verb.equals("HEAD") && bodyKind != BodyKind.VOID) {
      throw fail("is a HEAD request, which has no body, but returns " + returns.getTypeName()
          + "; return void, Void or HttpResponse<Void>");
    }
    this.reader = bodyKind == BodyKind.JSON
        ? client.mapper.readerFor(client.mapper.constructType(bodyType)) : null;
    boolean io = false;
    for (Class<?> thrown : method.getExceptionTypes()) {
      io |= thrown.isAssignableFrom(IOException.class);
    }
    this.declaresIoException = io;

    Memoize memoize = method.getAnnotation(Memoize.class);
    this.memo = memoize == null ? null : new MemoCall(client, this, memoize);
  }

  private static Annotation httpMethod(Method method) {
    Annotation found = null;
    for (Annotation annotation : method.getAnnotations()) {
      if (HTTP_METHODS.contains(annotation.annotationType())) {
        if (found != null) {
          throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "."
              + method.getName() + " has two HTTP methods, @"
              + found.annotationType().getSimpleName() + " and @"
              + annotation.annotationType().getSimpleName() + "; keep one");
        }
        found = annotation;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "."
          + method.getName() + " has no HTTP method; annotate it with @GET(\"/path\"), @POST, "
          + "@PUT, @PATCH, @DELETE or @HEAD, or make it a default method");
    }
    return found;
  }

  /** Fails when a default or static method carries an annotation that only abstract ones use. */
  static void refuseAnnotations(Class<?> api, Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (HTTP_METHODS.contains(type) || type == Memoize.class || type == Headers.class) {
        throw new IllegalArgumentException(api.getSimpleName() + "." + method.getName() + " is a "
            + (method.isDefault() ? "default" : "static") + " method, which runs as written, but "
            + "has @" + type.getSimpleName() + "; put the annotation on the abstract method it "
            + "calls, or remove the method's body");
      }
    }
  }

  private static String pathOf(Annotation httpMethod) {
    if (httpMethod instanceof GET a) {
      return a.value();
    } else if (httpMethod instanceof POST a) {
      return a.value();
    } else if (httpMethod instanceof PUT a) {
      return a.value();
    } else if (httpMethod instanceof PATCH a) {
      return a.value();
    } else if (httpMethod instanceof DELETE a) {
      return a.value();
    }
    return ((HEAD) httpMethod).value();
  }

  private void readParameter(int index, Annotation[] annotations, Type type) {
    Annotation found = null;
    for (Annotation annotation : annotations) {
      if (PARAMETER_ANNOTATIONS.contains(annotation.annotationType())) {
        if (found != null) {
          throw fail("parameter " + (index + 1) + " has both @"
              + found.annotationType().getSimpleName() + " and @"
              + annotation.annotationType().getSimpleName() + "; keep one");
        }
        found = annotation;
      }
    }
    if (found == null) {
      throw fail("parameter " + (index + 1) + " (" + type.getTypeName() + ") has no annotation; "
          + "annotate it with @Path, @Query, @QueryMap, @Header, @HeaderMap, @Body or @Url");
    }
    names[index] = "";
    if (found instanceof Path p) {
      kinds[index] = Kind.PATH;
      names[index] = requireName(p.value(), "@Path", index);
      encoded[index] = p.encoded();
    } else if (found instanceof Query q) {
      kinds[index] = Kind.QUERY;
      names[index] = requireName(q.value(), "@Query", index);
      encoded[index] = q.encoded();
    } else if (found instanceof QueryMap m) {
      kinds[index] = Kind.QUERY_MAP;
      encoded[index] = m.encoded();
      requireMap(type, "@QueryMap", index);
    } else if (found instanceof Header h) {
      kinds[index] = Kind.HEADER;
      names[index] = requireName(h.value(), "@Header", index);
    } else if (found instanceof HeaderMap) {
      kinds[index] = Kind.HEADER_MAP;
      requireMap(type, "@HeaderMap", index);
    } else if (found instanceof Body) {
      if (bodyIndex >= 0) {
        throw fail("has two @Body parameters (" + (bodyIndex + 1) + " and " + (index + 1)
            + "); a request has one body: wrap them in one record");
      }
      kinds[index] = Kind.BODY;
      bodyIndex = index;
    } else {
      if (urlIndex >= 0) {
        throw fail("has two @Url parameters (" + (urlIndex + 1) + " and " + (index + 1)
            + "); keep one");
      }
      Class<?> raw = rawType(type);
      if (raw != String.class && raw != URI.class) {
        throw fail("@Url parameter " + (index + 1) + " is a " + type.getTypeName()
            + "; make it a String or a URI");
      }
      kinds[index] = Kind.URL;
      names[index] = "url";
      urlIndex = index;
    }
  }

  private String requireName(String name, String annotation, int index) {
    if (name.isBlank()) {
      throw fail(annotation + " of parameter " + (index + 1) + " has no name; write "
          + annotation + "(\"name\")");
    }
    return name;
  }

  private void requireMap(Type type, String annotation, int index) {
    if (!Map.class.isAssignableFrom(rawType(type))) {
      throw fail(annotation + " parameter " + (index + 1) + " is a " + type.getTypeName()
          + "; make it a Map<String, ?>");
    }
  }

  /** Splits the template into literals and @Path parameters, checking both sides match. */
  private void parseTemplate() {
    int question = template.indexOf('?');
    String pathPart = question < 0 ? template : template.substring(0, question);
    if (question >= 0 && template.indexOf('{', question) >= 0) {
      throw fail("has a {variable} in the query of \"" + template + "\"; use a @Query parameter "
          + "for a query value");
    }
    Set<String> used = new HashSet<>();
    Matcher matcher = VARIABLE.matcher(pathPart);
    int last = 0;
    while (matcher.find()) {
      String name = matcher.group(1);
      int index = pathParameter(name);
      if (index < 0) {
        throw fail("path variable {" + name + "} has no @Path(\"" + name + "\") parameter; add "
            + "one, as in @Path(\"" + name + "\") String " + javaName(name));
      }
      if (!used.add(name)) {
        throw fail("path variable {" + name + "} appears twice in \"" + template + "\"; use it "
            + "once");
      }
      pathParts.add(pathPart.substring(last, matcher.start()));
      pathParts.add(index);
      last = matcher.end();
    }
    String tail = pathPart.substring(last);
    if (tail.indexOf('{') >= 0 || tail.indexOf('}') >= 0
        || pathParts.stream().anyMatch(p -> p instanceof String s
            && (s.indexOf('{') >= 0 || s.indexOf('}') >= 0))) {
      throw fail("has an unbalanced or malformed brace in \"" + template + "\"; write variables as "
          + "{name}");
    }
    pathParts.add(question < 0 ? tail : tail + template.substring(question));
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == Kind.PATH && !used.contains(names[i])) {
        throw fail("@Path(\"" + names[i] + "\") (parameter " + (i + 1) + ") is not in the path \""
            + template + "\"; add {" + names[i] + "} to the path or make it a @Query");
      }
    }
  }

  private int pathParameter(String name) {
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == Kind.PATH && names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String javaName(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = out.length() > 0;
      }
    }
    return out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0)) ? "value"
        : out.toString();
  }

  /** Reads {@code "Name: value"} lines, checking each is a header a request may carry. */
  static List<String[]> parseHeaders(Headers headers, String where) {
    List<String[]> out = new ArrayList<>();
    for (String line : headers.value()) {
      int colon = line.indexOf(':');
      if (colon <= 0 || line.substring(0, colon).isBlank()) {
        throw new IllegalArgumentException(where + ": @Headers line \"" + line + "\" is not "
            + "\"Name: value\"; write it as in \"Accept: application/json\"");
      }
      String name = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      checkHeader(name, value, where);
      out.add(new String[] {name, value});
    }
    return out;
  }

  /** Fails when java.net.http refuses the header (a restricted name, a bad character). */
  static void checkHeader(String name, String value, String where) {
    try {
      HttpRequest.newBuilder().header(name, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": header \"" + name + "\" cannot be sent by "
          + "java.net.http (" + e.getMessage() + "); remove it, or let the HttpClient set it", e);
    }
  }

  private IllegalArgumentException fail(String problem) {
    return new IllegalArgumentException(where + " " + problem);
  }

  // ---------------------------------------------------------------- calls

  /** Runs a call: the method's result, or a future of it for async methods. */
  @Nullable Object invoke(@Nullable Object[] args) throws Throwable {
    if (async) {
      return memo != null && memo.enabled ? memo.callAsync(args) : sendAsync(args);
    }
    try {
      if (memo != null && memo.enabled) {
        return memo.call(args);
      }
      HttpResponse<byte[]> response = send(request(args));
      return result(body(response), response);
    } catch (UncheckedIOException e) {
      if (declaresIoException) {
        throw e.getCause();
      }
      throw e;
    }
  }

  /** Sends the request and reads the body: what a memoized call stores (null: nothing). */
  @Nullable Object fetch(@Nullable Object[] args) {
    return body(send(request(args)));
  }

  /** The async twin of {@link #fetch}. */
  CompletableFuture<@Nullable Object> fetchAsync(@Nullable Object[] args) {
    try {
      return client.http.sendAsync(request(args), HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(this::body);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<@Nullable Object> sendAsync(@Nullable Object[] args) {
    try {
      return client.http.sendAsync(request(args), HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(response -> result(body(response), response));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return client.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException(
          verb + " " + Secrets.maskQuery(request.uri()) + " was interrupted");
      interrupted.initCause(e);
      throw new UncheckedIOException(interrupted);
    }
  }

  /**
   * The body of a response as the method reads it: null for an empty body, a void method, or a
   * 404 when the method returns Optional.
   *
   * @throws ApiException for a status outside 2xx, or a body that cannot be read
   */
  @Nullable Object body(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 404 && wrapper == Wrapper.OPTIONAL) {
      return null;
    }
    byte[] bytes = response.body();
    if (status < 200 || status > 299) {
      throw new ApiException(verb, response.uri(), status, response.headers(), bytes, null, null);
    }
    switch (bodyKind) {
      case VOID:
        return null;
      case BYTES:
        return bytes;
      case STRING:
        return new String(bytes, charset(response));
      default:
        if (bytes.length == 0) {
          return null;
        }
        try {
          return java.util.Objects.requireNonNull(reader).readValue(bytes);
        } catch (IOException e) {
          throw new ApiException(verb, response.uri(), status, response.headers(), bytes,
              "its body could not be read as " + bodyType.getTypeName(), e);
        }
    }
  }

  /** The method's result for a body: as it is, in an Optional, or in a response. */
  @Nullable Object result(@Nullable Object body, HttpResponse<byte[]> response) {
    if (wrapper == Wrapper.RESPONSE) {
      return DecodedResponse.of(response, body);
    }
    if (body == null && primitive && wrapper == Wrapper.NONE) {
      throw new ApiException(verb, response.uri(), response.statusCode(), response.headers(),
          new byte[0], "its body is empty and the method returns " + bodyType.getTypeName(), null);
    }
    return stored(body);
  }

  /** The method's result for a stored (memoized) body; never for HttpResponse methods. */
  @Nullable Object stored(@Nullable Object body) {
    return wrapper == Wrapper.OPTIONAL ? Optional.ofNullable(body) : body;
  }

  private static Charset charset(HttpResponse<?> response) {
    Optional<String> type = response.headers().firstValue("Content-Type");
    if (type.isPresent()) {
      for (String part : type.get().split(";")) {
        String trimmed = part.strip();
        if (trimmed.regionMatches(true, 0, "charset=", 0, 8)) {
          try {
            return Charset.forName(trimmed.substring(8).replace("\"", "").strip());
          } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  // ---------------------------------------------------------------- requests

  /** The request of a call. */
  HttpRequest request(@Nullable Object[] args) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(args));
    if (client.requestTimeout != null) {
      builder.timeout(client.requestTimeout);
    }
    boolean accept = false;
    boolean contentType = false;
    for (String[] header : headers(args)) {
      builder.header(header[0], header[1]);
      accept |= header[0].equalsIgnoreCase("Accept");
      contentType |= header[0].equalsIgnoreCase("Content-Type");
    }
    if (!accept && bodyKind == BodyKind.JSON) {
      builder.header("Accept", "application/json");
    }
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
    if (bodyIndex >= 0) {
      Object body = args[bodyIndex];
      if (body == null) {
        throw new IllegalArgumentException(where + ": the @Body is null; pass a body");
      }
      String type;
      if (body instanceof String text) {
        publisher = HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
        type = "text/plain; charset=UTF-8";
      } else if (body instanceof byte[] bytes) {
        publisher = HttpRequest.BodyPublishers.ofByteArray(bytes);
        type = "application/octet-stream";
      } else {
        try {
          publisher = HttpRequest.BodyPublishers.ofByteArray(client.mapper.writeValueAsBytes(body));
        } catch (IOException e) {
          throw new IllegalArgumentException(where + ": the @Body " + body.getClass().getName()
              + " cannot be written as JSON: " + e.getMessage(), e);
        }
        type = "application/json";
      }
      if (!contentType) {
        builder.header("Content-Type", type);
      }
    }
    return builder.method(verb, publisher).build();
  }

  /** Every header of a call, in order: the client's, the interface's, the method's, then params. */
  List<String[]> headers(@Nullable Object[] args) {
    List<String[]> out = new ArrayList<>(client.headers.size() + fixedHeaders.size() + 2);
    out.addAll(client.headers);
    out.addAll(fixedHeaders);
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == Kind.HEADER) {
        for (String text : ValueText.texts(args[i])) {
          out.add(new String[] {names[i], text});
        }
      } else if (kinds[i] == Kind.HEADER_MAP && args[i] instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (entry.getKey() != null) {
            for (String text : ValueText.texts(entry.getValue())) {
              out.add(new String[] {entry.getKey().toString(), text});
            }
          }
        }
      }
    }
    return out;
  }

  private URI uri(@Nullable Object[] args) {
    StringBuilder url = new StringBuilder(client.baseUrl.length() + 64);
    if (urlIndex >= 0) {
      Object value = args[urlIndex];
      if (value == null) {
        throw new IllegalArgumentException(where + ": the @Url is null; pass a URL");
      }
      String text = value.toString();
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://")) {
        url.append(text);
      } else {
        url.append(client.baseUrl);
        if (!text.startsWith("/")) {
          url.append('/');
        }
        url.append(text);
      }
    } else {
      url.append(client.baseUrl);
      for (Object part : pathParts) {
        if (part instanceof String literal) {
          url.append(literal);
        } else {
          int index = (Integer) part;
          Object value = args[index];
          if (value == null) {
            throw new IllegalArgumentException(where + ": @Path(\"" + names[index] + "\") is null; "
                + "pass a value");
          }
          String text = ValueText.text(value);
          if (encoded[index] && CLIMBS.matcher(text).matches()) {
            throw new IllegalArgumentException(where + ": @Path(\"" + names[index] + "\", encoded "
                + "= true) has a '.' or '..' segment, which would move the request out of its "
                + "path; pass the value unencoded or without such segments");
          }
          appendPathSegment(url, text, encoded[index]);
        }
      }
    }
    boolean query = url.indexOf("?") >= 0;
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == Kind.QUERY) {
        for (String text : ValueText.texts(args[i])) {
          url.append(query ? '&' : '?');
          query = true;
          appendQuery(url, names[i], encoded[i]);
          appendQuery(url.append('='), text, encoded[i]);
        }
      } else if (kinds[i] == Kind.QUERY_MAP && args[i] instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (entry.getKey() == null) {
            continue;
          }
          for (String text : ValueText.texts(entry.getValue())) {
            url.append(query ? '&' : '?');
            query = true;
            appendQuery(url, entry.getKey().toString(), encoded[i]);
            appendQuery(url.append('='), text, encoded[i]);
          }
        }
      }
    }
    try {
      return new URI(url.toString());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(where + ": the request URL is not valid ("
          + e.getReason() + "); check the @Url or the base URL", e);
    }
  }

  /** A path value: every byte but the unreserved ones encoded; "." and ".." encoded whole. */
  private static void appendPathSegment(StringBuilder out, String value, boolean encoded) {
    if (value.equals(".") || value.equals("..")) {
      out.append(value.equals(".") ? "%2E" : "%2E%2E");
    } else if (encoded) {
      out.append(value);
    } else {
      appendEncoded(out, value);
    }
  }

  private static void appendQuery(StringBuilder out, String text, boolean encoded) {
    if (encoded) {
      out.append(text);
    } else {
      appendEncoded(out, text);
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Percent-encodes the UTF-8 bytes of {@code value} but the unreserved characters (RFC 3986). */
  static void appendEncoded(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_'
          || c == '~')) {
        out.append(c);
        continue;
      }
      int end = i + 1;
      if (Character.isHighSurrogate(c) && end < value.length()
          && Character.isLowSurrogate(value.charAt(end))) {
        end++;
      }
      for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      i = end - 1;
    }
  }

  // ---------------------------------------------------------------- types

  static Class<?> rawType(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type) {
    return ((ParameterizedType) type).getActualTypeArguments()[0];
  }

  private static boolean isOpen(Type type) {
    if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
      return true;
    }
    if (type instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        if (isOpen(argument)) {
          return true;
        }
      }
    }
    if (type instanceof java.lang.reflect.GenericArrayType array) {
      return isOpen(array.getGenericComponentType());
    }
    return false;
  }

  private static Type boxed(Type type) {
    if (type instanceof Class<?> c && c.isPrimitive()) {
      return c == void.class ? Void.class
          : java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }
    return type;
  }

  /** The memo of this method, or null when it has no {@link Memoize}. */
  @Nullable MemoCall memo() {
    return memo;
  }
}
