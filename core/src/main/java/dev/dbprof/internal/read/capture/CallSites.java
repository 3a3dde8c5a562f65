package dev.dbprof.internal.read.capture;

import dev.dbprof.model.CallSite;
import java.util.Objects;

/**
 * The same {@link CallSite} instance for a call site seen again: a capture has a few hundred
 * sites and a million statements. Direct-mapped; the strings usually come from a
 * {@link ScannedStrings}, so they mostly compare by identity.
 */
final class CallSites {

  private final CallSite[] slots = new CallSite[1024];

  CallSite get(String className, String method, String file, int line) {
    int hash = (Objects.hashCode(className) * 31 + Objects.hashCode(method)) * 31
        + Objects.hashCode(file) + line;
    int slot = (hash ^ (hash >>> 16)) & (slots.length - 1);
    CallSite cached = slots[slot];
    if (cached != null && cached.line() == line && Objects.equals(cached.method(), method)
        && Objects.equals(cached.className(), className) && Objects.equals(cached.file(), file)) {
      return cached;
    }
    CallSite site = new CallSite(className, method, file, line);
    slots[slot] = site;
    return site;
  }
}
