package dev.dbprof.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Event;
import dev.dbprof.model.UnitTag;
import dev.dbprof.model.UnitTag.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tag comments (sqlcommenter, Rails query-log tags, marginalia) read into units and call sites.
 * The statements are copied from the logs that real ORMs wrote ({@code src/test/resources/orm/}).
 */
class TagCommentsTest {

  private static final Path ORM = Path.of("src/test/resources/orm");

  private static TagComments.Tags read(String sql) {
    return new TagComments().read(sql);
  }

  @Test
  void djangoSqlcommenterGivesTheTraceTheRouteAndTheView() {
    // django-pg, tagged_requests: google-cloud-sqlcommenter's Django format, appended
    TagComments.Tags tags = read("SELECT \"customers\".\"id\", \"customers\".\"name\", \"customers\".\"email\", "
        + "\"customers\".\"city\" FROM \"customers\" WHERE \"customers\".\"id\" = 15 LIMIT 21 "
        + "/*controller='customer_detail',framework='django%3A3.2',route='customers/%3Cint%3Apk%3E/',"
        + "traceparent='00-d3ebe2d82f0fd04987df8af439cf0938-07f425a7d6182cef-01'*/");
    assertThat(tags.unit()).isEqualTo(new UnitTag("d3ebe2d82f0fd04987df8af439cf0938", "customers/<int:pk>/",
        Source.TRACE));
    assertThat(tags.callSite()).isEqualTo(new CallSite("customer_detail", "customers/<int:pk>/", null, 0));
  }

  @Test
  void marginaliaTagsGiveATagUnitNamedControllerHashAction() {
    // rails-pg, tagged_requests: marginalia's format, on a prepared statement
    TagComments.Tags tags = read("SELECT \"customers\".* FROM \"customers\" WHERE \"customers\".\"id\" = $1 LIMIT $2 "
        + "/*application:Shop,controller:customers,action:show*/");
    assertThat(tags.unit()).isEqualTo(new UnitTag("action:show,application:Shop,controller:customers",
        "customers#show", Source.TAG));
    assertThat(tags.unit().unique()).isFalse();
    assertThat(tags.callSite()).isEqualTo(new CallSite("customers", "show", null, 0));
  }

  @Test
  void commentsInTheMiddleOrPrependedWithSpacesAreRead() {
    // rails-pg, marked_requests: Relation#annotate puts "/* ... */" after FROM
    TagComments.Tags annotated = read("SELECT \"orders\".* FROM \"orders\" /* controller='customers',action='index',"
        + "framework='rails%3A6.1.7.10',route='%2Fcustomers',"
        + "traceparent='00-c3c4d6e0d0a3f5e0d7dd2c3c9a7c3a11-9a5c2c1e7b7b4a3f-01' */ WHERE \"orders\".\"customer_id\" = $1");
    assertThat(annotated.unit()).isEqualTo(new UnitTag("c3c4d6e0d0a3f5e0d7dd2c3c9a7c3a11", "customers#index",
        Source.TRACE));
    assertThat(annotated.callSite()).isEqualTo(new CallSite("customers", "index", null, 0));
    // typeorm-pg, marked_requests: TypeORM's comment option prepends
    TagComments.Tags prepended = read("/* controller='orders',action='show',framework='typeorm%3A0.3.31',"
        + "route='%2Forders%2F%3Cid%3E',traceparent='00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' */ "
        + "SELECT \"Order\".\"id\" AS \"Order_id\" FROM \"orders\" \"Order\" WHERE ((\"Order\".\"id\" = $1)) LIMIT 1");
    assertThat(prepended.unit().id()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(prepended.callSite()).isEqualTo(new CallSite("orders", "show", null, 0));
  }

  @Test
  void aRouteAloneIsTheCallSitesClass() {
    // sequelize-mariadb, tagged_requests: @google-cloud/sqlcommenter-sequelize's keys, encodeURIComponent'd
    TagComments.Tags tags = read("SELECT `id`, `name`, `email`, `city` FROM `customers` AS `Customer` WHERE "
        + "`Customer`.`id` = 15 /*db_driver='sequelize%3A6.37.8',route='%2Fcustomers%2F%3Aid',"
        + "traceparent='00-fac7e1d846968a736f7bb3606897e506-2e8557cbf3207e85-01'*/");
    assertThat(tags.unit()).isEqualTo(new UnitTag("fac7e1d846968a736f7bb3606897e506", "/customers/:id",
        Source.TRACE));
    assertThat(tags.callSite()).isEqualTo(new CallSite("/customers/:id", "", null, 0));
  }

  @Test
  void withoutAValidTraceparentTheTagsAreATagUnit() {
    TagComments.Tags zero = read("SELECT 1 /*controller='a',traceparent='00-00000000000000000000000000000000-"
        + "b7ad6b7169203331-01'*/");
    assertThat(zero.unit().source()).isEqualTo(Source.TAG);
    TagComments.Tags malformed = read("SELECT 1 /*controller='a',traceparent='00-xyz-01'*/");
    assertThat(malformed.unit().source()).isEqualTo(Source.TAG);
    assertThat(malformed.unit().name()).isEqualTo("a");
  }

  @Test
  void commentsThatAreNotTagsGiveNothing() {
    for (String sql : List.of(
        "SELECT 1",
        "SELECT /*+ IndexScan(orders) */ * FROM orders",
        "/*!40101 SET NAMES utf8mb4 */",
        "SELECT * FROM t /* select#1 */",
        "SELECT * FROM t /* note: the slow one */",            // key:value, but names no work
        "SELECT * FROM t /*framework='django%3A3.2'*/",       // sqlcommenter, but names no work
        "SELECT * FROM t /*controller='a' and more*/",        // not all of it in the form
        "SELECT * FROM t /*controller:a,,action:b*/",
        "SELECT * FROM t WHERE name = '/*controller:admin,action:destroy*/'", // a value, not a comment
        "SELECT * FROM t WHERE name = 'it''s /*controller=''x''*/' -- /*controller:y*/",
        "SELECT * FROM t /*controller:a")) {
      TagComments.Tags tags = read(sql);
      assertThat(tags.unit()).as(sql).isNull();
      assertThat(tags.callSite()).as(sql).isNull();
    }
    // and the first real tag comment after a literal that only looks like one is read
    assertThat(read("SELECT '/*controller:x*/' /*controller:y,action:z*/").callSite())
        .isEqualTo(new CallSite("y", "z", null, 0));
  }

  @Test
  void hostileValuesAreCappedAndSecretsNeverKept() {
    String longValue = "x".repeat(5000);
    assertThat(read("SELECT 1 /*controller='" + longValue + "'*/").unit())
        .as("a comment over the limit is not read").isNull();
    String big = "y".repeat(TagComments.MAX_VALUE + 50);
    TagComments.Tags capped = read("SELECT 1 /*controller='" + big + "'*/");
    assertThat(capped.callSite().className()).hasSize(TagComments.MAX_VALUE + 1).endsWith("…");
    TagComments.Tags escape = read("SELECT 1 /*action='index',controller='a%1B%5B2Jb'*/");
    assertThat(escape.callSite()).as("a value with a control character is dropped")
        .isEqualTo(new CallSite("", "index", null, 0));
    TagComments.Tags secret = read("SELECT 1 /*api_key='s3cr3t',controller='orders',password='hunter2',"
        + "route='%2Forders%3Ftoken%3Dabcdef'*/");
    assertThat(secret.unit().id() + secret.unit().name() + secret.callSite())
        .doesNotContain("s3cr3t").doesNotContain("hunter2").doesNotContain("abcdef").contains("/orders?token=");
  }

  @Test
  void urlDecodingIsUtf8AndToleratesMalformedEscapes() {
    assertThat(TagComments.urlDecoded("caf%C3%A9%2F%ZZ%4")).isEqualTo("café/%ZZ%4");
    assertThat(TagComments.urlDecoded("django%%3A3.2")).isEqualTo("django:3.2");
    assertThat(TagComments.sqlcommenter("a='it\\'s',b = 'x'")).isEqualTo(Map.of("a", "it's", "b", "x"));
  }

  @Test
  void anEventKeepsTheUnitAndCallSiteItAlreadyHas() {
    TagComments tags = new TagComments();
    String sql = "SELECT 1 /*application:Shop,controller:customers,action:show*/";
    Event plain = Event.statement("s", 0, 0, sql, 1);
    Event tagged = tags.tagged(plain);
    assertThat(tagged.callSite()).isEqualTo(new CallSite("customers", "show", null, 0));
    CallSite frame = new CallSite("com.acme.Shop", "list", "Shop.java", 42);
    UnitTag marker = new UnitTag("u1", "GET /x", Source.MARKER);
    Event known = tags.tagged(plain.withCallSite(frame).withUnit(marker));
    assertThat(known.callSite()).isEqualTo(frame);
    assertThat(known.unit()).isEqualTo(marker);
    Event withoutComment = Event.statement("s", 0, 0, "SELECT 1", 1);
    assertThat(tags.tagged(withoutComment)).isSameAs(withoutComment);
  }

  static Stream<Path> recordedLogs() throws Exception {
    try (Stream<Path> files = Files.walk(ORM)) {
      return files.filter(p -> p.getFileName().toString().matches("postgresql\\.(log|csv|json)|slow\\.log|general\\.log"))
          .sorted().toList().stream();
    }
  }

  private static final Pattern TRACE = Pattern.compile("traceparent='00-([0-9a-f]{32})-");

  /** Every format's reader hands its statements through the tag reading: checked on every recorded log. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedLogs")
  void everyTaggedStatementOfARecordedLogGetsItsUnitAndCallSite(Path log) {
    List<Event> events = TestReads.of(log).events;
    long traced = 0;
    long tagged = 0;
    for (Event e : events) {
      if (e.sql() == null || !e.isExecution()) {
        continue;
      }
      Matcher m = TRACE.matcher(e.sql());
      if (m.find()) {
        traced++;
        assertThat(e.unit()).as(e.sql()).isNotNull();
        assertThat(e.unit().source()).as(e.sql()).isEqualTo(Source.TRACE);
        assertThat(e.unit().id()).as(e.sql()).isEqualTo(m.group(1));
        assertThat(e.callSite()).as(e.sql()).isNotNull();
      } else if (e.sql().contains("/*application:Shop,controller:")) {
        tagged++;
        assertThat(e.unit()).as(e.sql()).isNotNull();
        assertThat(e.unit().source()).as(e.sql()).isEqualTo(Source.TAG);
        assertThat(e.unit().name()).as(e.sql()).matches("(customers|dashboard)#[a-z]+");
        assertThat(e.callSite().className()).as(e.sql()).isIn("customers", "dashboard");
      } else if (!e.sql().contains("/*")) {
        assertThat(e.unit()).as(e.sql()).isNull();
        assertThat(e.callSite()).as(e.sql()).isNull();
      }
    }
    assertThat(traced + tagged).as("tagged statements in " + log).isGreaterThanOrEqualTo(20);
    if (log.toString().contains("rails-")) {
      assertThat(tagged).as("marginalia-tagged statements").isGreaterThanOrEqualTo(20);
    }
  }
}
