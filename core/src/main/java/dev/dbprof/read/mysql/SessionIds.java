package dev.dbprof.read.mysql;

/**
 * The same String for a connection id seen again: a log has a few hundred ids on a million
 * lines. Direct-mapped, so a new id simply replaces the one in its slot.
 */
final class SessionIds {

  private final String[] slots = new String[1024];

  /** The id written at {@code line[from, to)}. */
  String get(String line, int from, int to) {
    int length = to - from;
    int hash = length;
    for (int i = Math.max(from, to - 9); i < to; i++) {
      hash = 31 * hash + line.charAt(i);
    }
    int slot = (hash ^ (hash >>> 10)) & (slots.length - 1);
    String cached = slots[slot];
    if (cached != null && cached.length() == length && line.startsWith(cached, from)) {
      return cached;
    }
    String id = line.substring(from, to);
    slots[slot] = id;
    return id;
  }
}
