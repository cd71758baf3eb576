package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  private static List<String> texts(String svg, String cls) {
    List<String> t = new ArrayList<>();
    Matcher m = Pattern.compile("<text class=\"" + cls + "\"[^>]*>([^<]*)</text>").matcher(svg);
    while (m.find()) {
      t.add(m.group(1));
    }
    return t;
  }

  private static int count(String svg, String element) {
    return svg.split("<" + element + " ", -1).length - 1;
  }

  @Test
  void logAxisLabelsDecadesAndSkipsWhatCannotBePlotted() {
    String svg = new SvgChart("kappa", 600, 320).xAxis("epoch", true).yAxis("kappa", true)
        .add(new SvgChart.Series("a", "#000", new double[] {1, 2, 3, 4, 5},
            new double[] {1, 10, Double.NaN, 1e3, 0}, 2, 1, true, true)).render();
    assertEquals(List.of("1", "10", "100", "1000"), texts(svg, "ytick"));
    assertEquals(2, count(svg, "polyline"), "NaN breaks the line; 0 has no logarithm");
    assertEquals(3, count(svg, "circle"), "a point per plottable value");
    assertTrue(svg.contains("data-count=\"5\""), svg);
    assertEquals(List.of("1", "2", "3", "4", "5"), texts(svg, "xtick"));
  }

  @Test
  void wideLogRangesUseExponentsAndNarrowOnesUseNiceSteps() {
    String wide = new SvgChart("w", 600, 320).yAxis("", true).add(new SvgChart.Series("a",
        "#000", new double[] {1, 2}, new double[] {1e-6, 1e6}, 1, 1, false, true)).render();
    List<String> w = texts(wide, "ytick");
    assertTrue(w.contains("1e-6") || w.contains("1e-5"), w.toString());
    assertTrue(w.contains("1") || w.contains("10"), w.toString());
    String narrow = new SvgChart("n", 600, 320).yAxis("", true).add(new SvgChart.Series("a",
        "#000", new double[] {1, 2}, new double[] {1.05, 1.25}, 1, 1, false, true)).render();
    List<String> n = texts(narrow, "ytick");
    assertTrue(n.size() >= 3 && n.contains("1.10") && n.contains("1.20"), n.toString());
  }

  @Test
  void linearAxisUsesRoundTicksAndEscapesText() {
    String svg = new SvgChart("a < b & c", 600, 320).yAxis("loss", false).yRange(0, 100)
        .add(new SvgChart.Series("x\"y", "#000", new double[] {1, 2}, new double[] {3, 4}, 1, 1,
            false, true)).render();
    assertEquals(List.of("0", "20", "40", "60", "80", "100"), texts(svg, "ytick"));
    assertTrue(svg.contains("a &lt; b &amp; c") && svg.contains("x&quot;y"), svg);
    assertThrows(IllegalArgumentException.class, () -> new SvgChart("t", 10, 10).add(
        new SvgChart.Series("s", "#000", new double[2], new double[3], 1, 1, false, false)));
    String empty = new SvgChart("e", 600, 320).add(new SvgChart.Series("s", "#000",
        new double[] {1}, new double[] {Double.NaN}, 1, 1, true, true)).render();
    assertTrue(empty.contains("no finite values"), empty);
  }
}
