package dev.dbprof.internal.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Query ids in pt-query-digest's style: {@code 0x} and the first 8 bytes of the MD5 of the fingerprint. */
final class QueryIds {

  private QueryIds() {}

  public static String of(String fingerprint) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
      return "0x" + HexFormat.of().formatHex(md5, 0, 8).toUpperCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
