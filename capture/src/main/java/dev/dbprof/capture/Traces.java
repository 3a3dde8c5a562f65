package dev.dbprof.capture;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The W3C trace id of the thread's current OpenTelemetry span, without a dependency on
 * OpenTelemetry: {@code Span.current().getSpanContext()}, when valid, {@code getTraceId()}, looked up
 * once through method handles. Without the API on the class path the lookup fails once and
 * {@link #current()} is a constant null. Micrometer Tracing's OpenTelemetry bridge keeps its spans
 * in the same context, so its traces are read too.
 */
final class Traces {

  private static final String SPAN = "io.opentelemetry.api.trace.Span";
  private static final String SPAN_CONTEXT = "io.opentelemetry.api.trace.SpanContext";
  /** {@code () -> String}: the current trace id or null; null when OpenTelemetry is absent. */
  private static final MethodHandle CURRENT_TRACE_ID = lookUp();

  private Traces() {
  }

  static boolean available() {
    return CURRENT_TRACE_ID != null;
  }

  /** The current span's trace id (32 hex digits), or null. Never throws. */
  static String current() {
    if (CURRENT_TRACE_ID == null) {
      return null;
    }
    try {
      return (String) CURRENT_TRACE_ID.invokeExact();
    } catch (Throwable t) {
      return null;
    }
  }

  private static MethodHandle lookUp() {
    try {
      Class<?> span = load(SPAN);
      Class<?> context = Class.forName(SPAN_CONTEXT, false, span.getClassLoader());
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle currentSpan = lookup.findStatic(span, "current", MethodType.methodType(span));
      MethodHandle spanContext = lookup.findVirtual(span, "getSpanContext", MethodType.methodType(context));
      MethodHandle isValid = lookup.findVirtual(context, "isValid", MethodType.methodType(boolean.class));
      MethodHandle traceId = lookup.findVirtual(context, "getTraceId", MethodType.methodType(String.class));
      MethodHandle none = MethodHandles.dropArguments(MethodHandles.constant(String.class, null), 0, context);
      MethodHandle idIfValid = MethodHandles.guardWithTest(isValid, traceId, none);
      return MethodHandles.filterReturnValue(MethodHandles.filterReturnValue(currentSpan, spanContext), idIfValid);
    } catch (Throwable absent) {
      return null; // no OpenTelemetry API here: never looked up again
    }
  }

  /** From the capture's own class loader, else the loader of the thread that first records. */
  private static Class<?> load(String name) throws ClassNotFoundException {
    try {
      return Class.forName(name, false, Traces.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      if (context == null) {
        throw e instanceof ClassNotFoundException c ? c : new ClassNotFoundException(name, e);
      }
      return Class.forName(name, false, context);
    }
  }
}
