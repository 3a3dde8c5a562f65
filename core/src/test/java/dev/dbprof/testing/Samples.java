package dev.dbprof.testing;

import dev.dbprof.model.Event;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a reader over a small in-memory log, raw bytes included. */
public final class Samples {

  private Samples() {}

  public record Result(List<Event> events, ReadContext context) {}

  public static Result read(LogReader reader, String text) {
    return read(reader, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes like the caller does: UTF-8, malformed bytes replaced. */
  public static Result read(LogReader reader, byte[] bytes) {
    List<Event> events = new ArrayList<>();
    ReadContext context = new ReadContext("sample.log", events::add);
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
      reader.read(in, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(events, context);
  }

  /** Text with a line of raw binary bytes (NUL, invalid UTF-8) spliced in at {@code marker}. */
  public static byte[] withBinaryLine(String text, String marker) {
    int at = text.indexOf(marker);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(new byte[] {0x00, (byte) 0xff, (byte) 0xfe, 0x1b, (byte) 0xc3, 0x28, 0x01, '\n'});
    out.writeBytes(text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
