package dev.cmr.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {
  private static Dataset threeImages() {
    float[] images = new float[3 * 2 * 2];
    for (int i = 0; i < images.length; i++) {
      images[i] = i / 16f;
    }
    return new Dataset("tiny", 3, 2, 2, images, new byte[] {7, 1, 4});
  }

  @Test
  void featuresIsRowsTimesCols() {
    assertEquals(4, threeImages().features());
    assertEquals(28 * 28, new Dataset("d", 1, 28, 28, new float[784], new byte[1]).features());
  }

  @Test
  void headCopiesTheFirstImages() {
    Dataset full = threeImages();

    Dataset two = full.head(2);

    assertEquals(2, two.count());
    assertArrayEquals(new byte[] {7, 1}, two.labels());
    assertEquals(8, two.images().length);
    assertEquals(full.images()[7], two.images()[7]);
    two.images()[0] = 99f;
    assertEquals(0f, full.images()[0]);
  }

  @Test
  void headRejectsCountsOutsideTheSet() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> threeImages().head(4));
    assertTrue(e.getMessage().contains("[0, 3], got 4"), e.getMessage());
  }

  @Test
  void pixelsMustLieInTheUnitInterval() {
    float[] images = new float[3 * 2 * 2];
    images[2 * 4 + 3] = 1.5f;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", 3, 2, 2, images, new byte[3]));
    assertTrue(e.getMessage().contains(
        "images must lie in [0, 1], but image 2 has 1.5 at row 1, column 1"), e.getMessage());
    images[2 * 4 + 3] = 1f;
    images[4 + 1] = Float.NaN;
    e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", 3, 2, 2, images, new byte[3]));
    assertTrue(e.getMessage().contains("image 1 has NaN at row 0, column 1"), e.getMessage());
    images[4 + 1] = -0f;
    new Dataset("d", 3, 2, 2, images, new byte[3]);
  }

  @Test
  void arrayLengthsMustMatchTheShape() {
    IllegalArgumentException images = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", 2, 2, 2, new float[7], new byte[2]));
    IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", 2, 2, 2, new float[8], new byte[3]));
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", 0, 0, 2, new float[0], new byte[0]));

    assertTrue(images.getMessage().contains("= 8, got 7"), images.getMessage());
    assertTrue(labels.getMessage().contains("count 2, got 3"), labels.getMessage());
    assertTrue(rows.getMessage().contains("rows 0"), rows.getMessage());
  }

  @Test
  void toStringSummarisesWithoutArrays() {
    assertEquals("Dataset[tiny: 3 x 2x2]", threeImages().toString());
  }
}
