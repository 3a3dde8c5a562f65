package dev.dbprof.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A capture file read back for assertions: every line parsed, nothing skipped. */
public record CaptureFile(String text, List<Map<String, Object>> lines) {

  public static CaptureFile read(Path path) throws IOException {
    String text = Files.readString(path, StandardCharsets.UTF_8);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        lines.add(TestJson.object(line));
      }
    }
    return new CaptureFile(text, lines);
  }

  public List<Map<String, Object>> ofType(String type) {
    return where(l -> type.equals(l.get("type")));
  }

  public List<Map<String, Object>> events() {
    return where(l -> !"header".equals(l.get("type")) && !"dropped".equals(l.get("type")));
  }

  public List<Map<String, Object>> where(Predicate<Map<String, Object>> p) {
    return lines.stream().filter(p).toList();
  }

  public long droppedCount() {
    return ofType("dropped").stream().mapToLong(l -> (Long) l.get("count")).sum();
  }

  /** Events of one connection, in file order. */
  public List<Map<String, Object>> ofConnection(long conn) {
    return where(l -> l.get("conn") != null && (Long) l.get("conn") == conn);
  }
}
