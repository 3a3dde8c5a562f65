package dev.dbprof.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.Evidence;
import dev.dbprof.model.UnitOfWork.Boundary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Django's Paginator as PostgreSQL logged it: a COUNT, a first page without OFFSET, then deeper pages. */
class OffsetPaginationTest {

  private static final String PAGE = "SELECT \"customers\".\"id\", \"customers\".\"name\", \"customers\".\"email\","
      + " \"customers\".\"city\" FROM \"customers\" ORDER BY \"customers\".\"id\" ASC LIMIT 10";

  @Test
  void aPaginatorWalkIsOneFindingWithKeysetPaginationInDjangosWords() {
    UnitBuilder unit = new UnitBuilder().run("SELECT COUNT(*) AS \"__count\" FROM \"customers\"", "", 0.6)
        .run(PAGE, "p0", 0.3);
    for (int page = 1; page < 8; page++) {
      unit.run(PAGE + " OFFSET " + page * 10, "p" + page, 0.3 + page * 0.1);
    }
    List<Match> found = UnitBuilder.check(new OffsetPagination(), unit.build(Boundary.TRACE));

    assertThat(found).singleElement().satisfies(m -> {
      assertThat(m.occurrences()).isEqualTo(8);
      assertThat(m.detail()).startsWith("8 pages of `select \"customers\".\"id\"")
          .contains("with different offsets; the last page took 3.3× the first");
      // what each deeper page cost beyond the first: 0.1 + 0.2 + … + 0.7 ms
      assertThat(m.savedNanos()).isEqualTo(2_800_000L);
      assertThat(m.fix()).contains("`Model.objects.filter(pk__gt=last_id).order_by('pk')[:n]`");
      assertThat(m.evidence()).isEqualTo(Evidence.PROVEN);
    });
    assertThat(UnitBuilder.check(new NPlusOne(), unit.build(Boundary.TRACE))).as("a walk is no N+1").isEmpty();
  }
}
