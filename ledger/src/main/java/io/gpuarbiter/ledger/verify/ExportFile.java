package io.gpuarbiter.ledger.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * A self-contained, line-oriented copy of a log that an auditor can verify without database access.
 *
 * <pre>
 *   gpu-arbiter-ledger-export 1
 *   entry &lt;seq&gt; &lt;base64 leaf hash&gt; &lt;base64 canonical bytes&gt;     (in seq order)
 *   checkpoint &lt;base64 of the signed note&gt;                       (by tree size)
 * </pre>
 *
 * Lines that do not parse are reported as verification failures: a damaged export must not pass.
 */
public final class ExportFile {

  public static final String HEADER = "gpu-arbiter-ledger-export 1";

  private ExportFile() {}

  /** Writes the log of {@code source} (e.g. a database) as an export. */
  public static void write(LogAuditor.LogSource source, Path file) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(HEADER + "\n");
      source.entries(row ->
          line(
              w,
              "entry "
                  + row.seq()
                  + " "
                  + b64.encodeToString(row.leafHash())
                  + " "
                  + b64.encodeToString(row.canonical())));
      for (String note : source.checkpointNotes()) {
        line(w, "checkpoint " + b64.encodeToString(note.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  private static void line(Writer w, String s) {
    try {
      w.write(s + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A parsed export. */
  public record Parsed(LogAuditor.LogSource source, List<String> malformedLines) {}

  /**
   * Reads an export.
   *
   * @throws IOException if the file cannot be read or is not an export at all (no header)
   */
  public static Parsed read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + " is not a ledger export (missing header '" + HEADER + "')");
    }
    List<LogAuditor.EntryRow> entries = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    Base64.Decoder b64 = Base64.getDecoder();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(" ", -1);
      try {
        if (f[0].equals("entry") && f.length == 4) {
          entries.add(
              new LogAuditor.EntryRow(
                  Long.parseLong(f[1]), b64.decode(f[2]), b64.decode(f[3]), null));
        } else if (f[0].equals("checkpoint") && f.length == 2) {
          notes.add(new String(b64.decode(f[1]), StandardCharsets.UTF_8));
        } else {
          malformed.add("line " + (i + 1) + ": not an entry or checkpoint line");
        }
      } catch (IllegalArgumentException e) {
        malformed.add("line " + (i + 1) + ": malformed (" + e.getMessage() + ")");
      }
    }
    LogAuditor.LogSource source =
        new LogAuditor.LogSource() {
          @Override
          public void entries(Consumer<LogAuditor.EntryRow> visitor) {
            entries.forEach(visitor);
          }

          @Override
          public List<String> checkpointNotes() {
            return notes;
          }
        };
    return new Parsed(source, malformed);
  }
}
