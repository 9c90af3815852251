package io.tasklane.scheduler.cli;

import java.util.ArrayList;
import java.util.List;

/** Aligned columns: text left, numbers right (columns named as such), two blanks between. */
final class TextTable {
  private final String[] header;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /** A header cell starting with '>' names a right-aligned column (the '>' is not shown). */
  TextTable(String... header) {
    this.header = new String[header.length];
    this.right = new boolean[header.length];
    for (int i = 0; i < header.length; i++) {
      right[i] = header[i].startsWith(">");
      this.header[i] = right[i] ? header[i].substring(1) : header[i];
    }
  }

  void add(String... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException(cells.length + " cells for " + header.length + " columns");
    }
    rows.add(cells.clone());
  }

  String render() {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) width[i] = header[i].length();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], cell(r[i]).length());
    }
    StringBuilder b = new StringBuilder();
    line(b, header, width);
    for (String[] r : rows) line(b, r, width);
    return b.toString();
  }

  private void line(StringBuilder b, String[] cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) l.append("  ");
      String c = cell(cells[i]);
      String pad = " ".repeat(width[i] - c.length());
      l.append(right[i] ? pad + c : c + pad);
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }

  private static String cell(String s) {
    return s == null ? "-" : s;
  }
}
