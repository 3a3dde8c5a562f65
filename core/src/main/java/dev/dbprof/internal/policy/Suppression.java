package dev.dbprof.internal.policy;

import dev.dbprof.model.Finding;

/**
 * Hides findings that the team has looked at and accepted, with the reason why. Every selector
 * given must match; at least one is required.
 *
 * @param rule a rule id (aliases resolved), or null
 * @param key a finding's exact stable key, or null
 * @param query a query id ({@code 0x…}), or null
 * @param site a call site prefix: a package, a class or {@code Class.method}, or null
 * @param reason why it is accepted (required)
 */
record Suppression(String rule, String key, String query, String site, String reason) {

  public boolean matches(Finding finding) {
    if (rule != null && !rule.equals(finding.rule())) {
      return false;
    }
    if (key != null && !key.equals(finding.key())) {
      return false;
    }
    if (query != null && !query.equalsIgnoreCase(String.valueOf(finding.queryId()))) {
      return false;
    }
    if (site != null) {
      if (finding.callSite() == null) {
        return false;
      }
      String where = finding.callSite().className() + "." + finding.callSite().method();
      if (!(where.equals(site) || where.startsWith(site + "."))) {
        return false;
      }
    }
    return true;
  }

  /** The selectors, as a user would write them, for listings. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    append(text, "rule", rule);
    append(text, "key", key);
    append(text, "query", query);
    append(text, "site", site);
    return text.toString();
  }

  private static void append(StringBuilder text, String name, String value) {
    if (value != null) {
      text.append(text.length() == 0 ? "" : " ").append(name).append('=').append(value);
    }
  }
}
