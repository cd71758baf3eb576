package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writerOutputParsesBackToTheSameValues() {
    for (boolean pretty : new boolean[] {false, true}) {
      String text = new Json.Writer(pretty).beginObject()
          .member("name", "a \"quoted\"\\ line\n\ttab\u0001")
          .member("int", 42).member("real", 1.5e-7).member("nan", Double.NaN)
          .member("flag", true).member("none", (String) null)
          .name("list").beginArray().value(1).value(2.5).beginObject().endObject().endArray()
          .name("empty").beginArray().endArray()
          .endObject().toString();
      Object parsed = Json.parse(text);
      Map<?, ?> m = (Map<?, ?>) parsed;
      assertEquals("a \"quoted\"\\ line\n\ttab\u0001", m.get("name"));
      assertEquals(42.0, m.get("int"));
      assertEquals(1.5e-7, m.get("real"));
      assertTrue(m.containsKey("nan") && m.get("nan") == null, "NaN is written as null");
      assertEquals(Boolean.TRUE, m.get("flag"));
      assertEquals(List.of(1.0, 2.5, Map.of()), m.get("list"));
      assertEquals(List.of(), m.get("empty"));
      assertEquals(pretty, text.contains("\n"), text);
    }
  }

  @Test
  void numbersRoundTripExactly() {
    double[] values = {0.1, 1e-3, 3.9e3, 123456789.0, -2.5e-300, 1e20};
    for (double v : values) {
      assertEquals(v, Double.parseDouble(Json.number(v)), 0.0, Json.number(v));
    }
    assertEquals("5", Json.number(5.0));
  }

  @Test
  void syntaxErrorsNameThePosition() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.parse("{\"a\": 1,}"));
    assertTrue(e.getMessage().contains("character"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.parse("[1 2]"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
  }
}
