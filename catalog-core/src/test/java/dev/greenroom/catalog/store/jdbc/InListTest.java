package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The one way JDBC stores bind {@code IN} lists. */
class InListTest {

  @Test
  void marksArePositionalAndNeverEmpty() {
    assertThat(InList.marks(1)).isEqualTo("?");
    assertThat(InList.marks(3)).isEqualTo("?, ?, ?");
    assertThatThrownBy(() -> InList.marks(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunksKeepOrderAndAreAtMostFiveHundred() {
    List<Integer> values = IntStream.range(0, 1_001).boxed().toList();
    List<List<Integer>> chunks = new ArrayList<>();
    InList.chunks(values, c -> chunks.add(List.copyOf(c)));
    assertThat(chunks).extracting(List::size).containsExactly(500, 500, 1);
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(values);

    List<List<Integer>> none = new ArrayList<>();
    InList.chunks(List.<Integer>of(), none::add);
    assertThat(none).isEmpty();
  }

  @Test
  void valuesAreBoundAfterTheStatementsOwnParameters() {
    Jdbi jdbi = Jdbi.create("jdbc:h2:mem:");
    List<String> found =
        jdbi.withHandle(
            h -> {
              h.execute("CREATE TABLE t (k VARCHAR, v VARCHAR)");
              h.execute("INSERT INTO t VALUES ('a', '1'), ('a', '2'), ('b', '3'), ('a', '4')");
              List<String> wanted = List.of("2", "3", "4", "it's; DROP TABLE t");
              return InList.bind(
                      h.createQuery(
                              "SELECT v FROM t WHERE k = ? AND v IN ("
                                  + InList.marks(wanted.size())
                                  + ") ORDER BY v")
                          .bind(0, "a"),
                      1,
                      wanted)
                  .mapTo(String.class)
                  .list();
            });
    assertThat(found).containsExactly("2", "4");
  }
}
