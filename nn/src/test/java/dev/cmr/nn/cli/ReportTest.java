package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The report of a tiny three-epoch kappa-stress run: well-formed SVG that carries its data. */
class ReportTest {
  private static final int EPOCHS = 3;

  @TempDir
  static Path tmp;

  private static Path run;
  private static String html;
  private static List<Document> svgs;
  private static List<String> csvHeader;
  private static List<String[]> csv;

  @BeforeAll
  static void runOnce() throws Exception {
    Path data = TinyData.write(tmp.resolve("data"), 1);
    run = tmp.resolve("run");
    MainTest.Outcome o = MainTest.run("kappa-stress", "--data", data.toString(), "--out",
        run.toString(), "--widths", TinyData.WIDTHS, "--init-gain", "0.5", "--batch", "16",
        "--epochs", Integer.toString(EPOCHS));
    assertEquals(0, o.code(), o.err());
    html = Files.readString(run.resolve("report.html"));
    svgs = new ArrayList<>();
    Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    while (m.find()) {
      // throws on any XML error: every chart is a well-formed SVG document
      svgs.add(f.newDocumentBuilder().parse(new InputSource(new StringReader(m.group()))));
    }
    List<String> lines = Files.readAllLines(run.resolve("epochs.csv"));
    csvHeader = List.of(lines.get(0).split(","));
    csv = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      csv.add(line.split(","));
    }
  }

  private static Document chart(String title) {
    for (Document d : svgs) {
      NodeList t = d.getElementsByTagNameNS("*", "text");
      for (int i = 0; i < t.getLength(); i++) {
        Element e = (Element) t.item(i);
        if ("title".equals(e.getAttribute("class")) && e.getTextContent().equals(title)) {
          return d;
        }
      }
    }
    throw new AssertionError("no chart titled '" + title + "'");
  }

  private static Element series(Document d, String name) {
    NodeList g = d.getElementsByTagNameNS("*", "g");
    for (int i = 0; i < g.getLength(); i++) {
      Element e = (Element) g.item(i);
      if ("series".equals(e.getAttribute("class")) && name.equals(e.getAttribute("data-name"))) {
        return e;
      }
    }
    throw new AssertionError("no series '" + name + "'");
  }

  /** The data-y values of a series' points, in order. */
  private static List<Double> ys(Element series) {
    List<Double> v = new ArrayList<>();
    NodeList c = series.getElementsByTagNameNS("*", "circle");
    for (int i = 0; i < c.getLength(); i++) {
      Element e = (Element) c.item(i);
      assertEquals(Double.toString(i + 1.0), Double.toString(
          Double.parseDouble(e.getAttribute("data-x"))), "epoch of point " + i);
      v.add(Double.parseDouble(e.getAttribute("data-y")));
    }
    return v;
  }

  /** A column of epochs.csv for one arm, scaled. */
  private static List<Double> column(String arm, String name, double scale) {
    int k = csvHeader.indexOf(name);
    List<Double> v = new ArrayList<>();
    for (String[] row : csv) {
      if (row[1].equals(arm)) {
        v.add(scale * Double.parseDouble(row[k]));
      }
    }
    return v;
  }

  @Test
  void everyChartIsPresentWithAxesAndLegend() {
    int layers = 3;
    assertEquals(2 + 2 + 3 + layers, svgs.size(), "charts in the report");
    for (Document d : svgs) {
      Element root = d.getDocumentElement();
      assertEquals("svg", root.getLocalName());
      assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
      int yTicks = 0;
      int xTicks = 0;
      boolean xLabel = false;
      boolean yLabel = false;
      NodeList t = d.getElementsByTagNameNS("*", "text");
      for (int i = 0; i < t.getLength(); i++) {
        Element e = (Element) t.item(i);
        switch (e.getAttribute("class")) {
          case "ytick" -> yTicks++;
          case "xtick" -> xTicks++;
          case "xlabel" -> xLabel = !e.getTextContent().isBlank();
          case "ylabel" -> yLabel = !e.getTextContent().isBlank();
          default -> { }
        }
      }
      assertTrue(yTicks >= 2 && xTicks >= 2, "ticks " + yTicks + ", " + xTicks);
      assertTrue(xLabel && yLabel, "axis titles");
      assertEquals(1, countClass(d, "legend"), "a legend");
    }
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"),
        "no external resources");
  }

  private static int countClass(Document d, String cls) {
    int n = 0;
    NodeList g = d.getElementsByTagNameNS("*", "g");
    for (int i = 0; i < g.getLength(); i++) {
      if (cls.equals(((Element) g.item(i)).getAttribute("class"))) {
        n++;
      }
    }
    return n;
  }

  @Test
  void epochChartsCarryTheEpochMetrics() {
    String[][] charts = {
        {"Mean layer condition number", "mean_condition_number", "1"},
        {"Test accuracy", "test_accuracy", "100"},
        {"Training loss", "train_loss", "1"},
        {"Average gradient magnitude", "mean_grad_norm", "1"},
        {"Sum of CMR penalties R over layers", "regularizer", "1"}};
    for (String[] c : charts) {
      Document d = chart(c[0]);
      for (String arm : new String[] {"vanilla", "cmr"}) {
        Element s = series(d, arm);
        assertEquals(Integer.toString(EPOCHS), s.getAttribute("data-count"), c[0]);
        assertEquals(column(arm, c[1], Double.parseDouble(c[2])), ys(s), c[0] + ", " + arm);
        assertEquals(1, s.getElementsByTagNameNS("*", "polyline").getLength());
      }
    }
    // the dashed marker where CMR starts
    assertEquals(1, countClass(chart("Mean layer condition number"), "marker"));
  }

  @Test
  void perLayerChartsHoldEveryLayerOnALogScale() throws Exception {
    List<String> lines = Files.readAllLines(run.resolve("layers.jsonl"));
    for (String arm : new String[] {"vanilla", "cmr"}) {
      Document d = chart("Per-layer condition number, " + arm);
      for (int l = 0; l < 3; l++) {
        List<Double> expected = new ArrayList<>();
        for (String line : lines) {
          Map<?, ?> m = (Map<?, ?>) Json.parse(line);
          if (m.get("arm").equals(arm) && m.get("layer").equals((double) l)) {
            expected.add((Double) m.get("condition_number"));
          }
        }
        assertEquals(expected, ys(series(d, arm + " layer " + l)), arm + " layer " + l);
      }
    }
  }

  @Test
  void spectrumChartsDrawEverySingularValueDescending() throws Exception {
    Map<?, ?> spectra = (Map<?, ?>) Json.parse(Files.readString(run.resolve("spectra.json")));
    Map<?, ?> first = (Map<?, ?>) ((List<?>) spectra.get("runs")).get(0);
    int[][] shapes = {{12, 16}, {12, 12}, {10, 12}};
    for (int l = 0; l < 3; l++) {
      Document d = chart("layer " + l + " (" + shapes[l][0] + "x" + shapes[l][1] + ")");
      for (String arm : new String[] {"vanilla", "cmr"}) {
        List<?> values = (List<?>) ((Map<?, ?>) ((List<?>) first.get(arm)).get(l))
            .get("singular_values");
        Element s = null;
        NodeList g = d.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < g.getLength(); i++) {
          Element e = (Element) g.item(i);
          if (e.getAttribute("data-name").startsWith(arm + " ")) {
            s = e;
          }
        }
        assertTrue(s != null, "series of " + arm);
        assertEquals(Integer.toString(values.size()), s.getAttribute("data-count"));
        String[] points = ((Element) s.getElementsByTagNameNS("*", "polyline").item(0))
            .getAttribute("points").split(" ");
        assertEquals(values.size(), points.length, "a point per singular value");
        double previous = Double.NEGATIVE_INFINITY;
        for (String p : points) {
          double y = Double.parseDouble(p.split(",")[1]);
          assertTrue(y >= previous - 1e-9, "descending values draw downwards");
          previous = y;
        }
      }
    }
  }
}
