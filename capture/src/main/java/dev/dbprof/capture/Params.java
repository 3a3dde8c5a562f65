package dev.dbprof.capture;

import com.p6spy.engine.common.PreparedStatementInformation;
import com.p6spy.engine.common.Value;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Parameter values: a cheap snapshot on the application thread ({@link #snapshot}), text and
 * hashes on the writer thread ({@link #text}, {@link Hasher}).
 */
final class Params {

  /** Raw values longer than this are cut, so one huge text cannot bloat the file. */
  static final int MAX_RAW_CHARS = 1000;
  private static final int MAX_BYTES = 1024;

  /** p6spy keeps the values we hand it in a map it only exposes to subclasses. */
  private static final MethodHandle VALUES = valuesHandle();

  private Params() {
  }

  /** A byte array copied at execution time (the application may reuse its array). */
  record Bytes(byte[] prefix, int length) {
  }

  private static MethodHandle valuesHandle() {
    try {
      Method m = PreparedStatementInformation.class.getDeclaredMethod("getParameterValues");
      m.setAccessible(true);
      return MethodHandles.lookup().unreflect(m)
          .asType(MethodType.methodType(Map.class, PreparedStatementInformation.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  static boolean available() {
    return VALUES != null;
  }

  /** Values by 0-based position; immutable values are kept, others turned into text now. */
  static Object[] snapshot(PreparedStatementInformation info) throws Throwable {
    if (VALUES == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<Integer, Value> values = (Map<Integer, Value>) VALUES.invokeExact(info);
    if (values.isEmpty()) {
      return null;
    }
    int max = -1;
    for (Integer index : values.keySet()) {
      max = Math.max(max, index);
    }
    Object[] out = new Object[max + 1];
    for (Map.Entry<Integer, Value> e : values.entrySet()) {
      int index = e.getKey();
      if (index >= 0) {
        Value v = e.getValue();
        out[index] = v == null ? null : stable(v.getValue());
      }
    }
    return out;
  }

  private static Object stable(Object v) {
    if (v == null || v instanceof String || v instanceof Integer || v instanceof Long
        || v instanceof Boolean || v instanceof Short || v instanceof Byte
        || v instanceof Double || v instanceof Float || v instanceof BigDecimal
        || v instanceof BigInteger || v instanceof Character || v instanceof UUID
        || v instanceof Enum<?> || v instanceof TemporalAccessor) {
      return v;
    }
    if (v instanceof byte[] b) {
      return new Bytes(Arrays.copyOf(b, Math.min(b.length, MAX_BYTES)), b.length);
    }
    if (v instanceof InputStream || v instanceof Reader) {
      return "<stream>";
    }
    try {
      // Mutable or driver-specific (java.util.Date, PGobject, …): its text, now.
      return String.valueOf(v);
    } catch (RuntimeException e) {
      return "<" + v.getClass().getSimpleName() + ">";
    }
  }

  /** The value as text; {@code null} stays null. */
  static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Bytes b) {
      StringBuilder sb = new StringBuilder(2 + b.prefix().length * 2 + 16).append("0x");
      Json.hex(sb, b.prefix(), b.prefix().length);
      if (b.length() > b.prefix().length) {
        sb.append("…(").append(b.length()).append(" bytes)");
      }
      return sb.toString();
    }
    return v.toString();
  }

  /** {@code h:} + 12 hex digits of SHA-256(salt ‖ value), per capture file. Writer thread only. */
  static final class Hasher {
    private final byte[] salt;
    private final MessageDigest sha;
    private final StringBuilder out = new StringBuilder(14);

    Hasher(byte[] salt) {
      this.salt = salt.clone();
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every JRE", e);
      }
    }

    String hash(String text) {
      sha.update(salt);
      byte[] digest = sha.digest(text.getBytes(StandardCharsets.UTF_8));
      out.setLength(0);
      out.append("h:");
      Json.hex(out, digest, 6);
      return out.toString();
    }
  }
}
