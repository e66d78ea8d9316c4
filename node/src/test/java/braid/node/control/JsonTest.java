package braid.node.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesAndReadsBackEveryKindOfValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "quote \" backslash \\ newline \n tab \t bell \u0007 é \u2028");
    m.put("n", 42L);
    m.put("neg", -7L);
    m.put("d", 1.5);
    m.put("t", true);
    m.put("f", false);
    m.put("z", null);
    m.put("a", List.of(1L, "two", List.of(), Map.of()));
    String text = Json.write(m);
    assertThat(text).doesNotContain("\n").contains("\\u0007").contains("\\u2028");
    assertThat(Json.parse(text)).isEqualTo(m);
  }

  @Test
  void nonFiniteNumbersAreWrittenAsNull() {
    assertThat(Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY)))
        .isEqualTo("[null,null]");
  }

  @Test
  void readsStandardForms() {
    assertThat(Json.parse(" {\"a\" : [1, 2.5e3, -0.5, 1E2], \"b\":\"\\u00e9\\/\"} "))
        .isEqualTo(Map.of("a", List.of(1L, 2500.0, -0.5, 100.0), "b", "é/"));
    assertThat(Json.parse("123456789012345678901234567890")).isInstanceOf(Double.class);
  }

  @Test
  void refusesMalformedTextWithThePosition() {
    for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", "-",
        "\"abc", "\"\\x\"", "\"\\u12\"", "tru", "nul", "[1] 2", "{\"a\":1,\"a\":2}",
        "\"tab\there\"", "{\"a\" 1}")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid JSON at character ");
    }
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper than");
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(ok)).isInstanceOf(List.class);
  }

  /** Hostile bodies: whatever the bytes, parsing ends in a value or an IllegalArgumentException. */
  @Test
  void randomAndMutatedTextNeverEscapesAsAnotherException() {
    SplittableRandom r = new SplittableRandom(7);
    String seed = "{\"local\":\"127.0.0.1:7000\",\"n\":[1,2.5,true,null,{\"x\":\"\\u0041\"}]}";
    String alphabet = "{}[]\":,.-+eE0123456789tfnrul\\ abc";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder(seed);
      int edits = r.nextInt(1, 6);
      for (int e = 0; e < edits && !sb.isEmpty(); e++) {
        int at = r.nextInt(sb.length());
        switch (r.nextInt(3)) {
          case 0 -> sb.deleteCharAt(at);
          case 1 -> sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
          default -> sb.setCharAt(at, (char) r.nextInt(0, 0x3000));
        }
      }
      try {
        Json.parse(sb.toString());
      } catch (IllegalArgumentException expected) {
        // the only way to fail
      }
    }
  }

  @Test
  void objectAndArrayCheckTheirType() {
    assertThat(Json.object(Json.parse("{}"), "x")).isEmpty();
    assertThat(Json.array(Json.parse("[]"), "x")).isEqualTo(new ArrayList<>());
    assertThatThrownBy(() -> Json.object(Json.parse("[]"), "body"))
        .hasMessage("body: expected a JSON object, got an array");
  }
}
