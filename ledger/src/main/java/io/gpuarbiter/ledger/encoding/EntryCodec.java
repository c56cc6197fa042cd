package io.gpuarbiter.ledger.encoding;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The canonical, versioned encoding of an entry: these bytes are what gets leaf-hashed.
 *
 * <p>Format version 1 (an entry without a subject) and 2 (with one), all integers big-endian,
 * fields in this fixed order:
 *
 * <pre>
 *   u8   format version (1 or 2)
 *   str  kind                    str      = u16 length ‖ UTF-8 bytes
 *   i64  recordedAt epoch seconds
 *   i32  recordedAt nanos (a multiple of 1000: microsecond precision)
 *   ostr team                    ostr     = u8 0 (absent) | u8 1 ‖ str
 *   ostr namespace
 *   ostr outcome
 *   str  subject                 only in version 2
 *   u32  body length ‖ body bytes
 * </pre>
 *
 * <p>Version 2 is version 1 with the subject inserted before the body. An entry without a subject
 * is still written as version 1, byte for byte as before subjects existed, so every draft has
 * exactly one encoding and entries of earlier releases keep their leaf hashes; a version-2 entry
 * always carries a (non-empty) subject.
 *
 * <p>The encoding is a pure function of the {@link EntryDraft}: no clock, no locale, no map order.
 * Decoding is strict (one byte sequence per draft): unknown versions, truncation, trailing bytes,
 * invalid UTF-8 and non-canonical values are rejected.
 */
public final class EntryCodec {

  /** The format version {@link #encode} writes for a draft without a subject. */
  public static final int FORMAT_VERSION = 1;

  /** The format version {@link #encode} writes for a draft with a subject. */
  public static final int FORMAT_VERSION_WITH_SUBJECT = 2;

  private EntryCodec() {}

  /** The canonical bytes of {@code draft}. */
  public static byte[] encode(EntryDraft draft) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + draft.body().length);
    boolean withSubject = draft.subject() != null;
    out.write(withSubject ? FORMAT_VERSION_WITH_SUBJECT : FORMAT_VERSION);
    writeString(out, draft.kind());
    writeLong(out, draft.recordedAt().getEpochSecond());
    writeInt(out, draft.recordedAt().getNano());
    writeOptional(out, draft.team());
    writeOptional(out, draft.namespace());
    writeOptional(out, draft.outcome());
    if (withSubject) {
      writeString(out, draft.subject());
    }
    byte[] body = draft.body();
    writeInt(out, body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** The draft these canonical bytes encode; throws if they are not canonical version-1/2 bytes. */
  public static EntryDraft decode(byte[] canonical) throws MalformedEntryException {
    ByteBuffer in = ByteBuffer.wrap(canonical);
    try {
      int version = Byte.toUnsignedInt(in.get());
      if (version != FORMAT_VERSION && version != FORMAT_VERSION_WITH_SUBJECT) {
        throw new MalformedEntryException("unknown entry format version " + version);
      }
      String kind = readString(in);
      long seconds = in.getLong();
      int nanos = in.getInt();
      String team = readOptional(in);
      String namespace = readOptional(in);
      String outcome = readOptional(in);
      String subject = version == FORMAT_VERSION_WITH_SUBJECT ? readString(in) : null;
      int bodyLength = in.getInt();
      if (bodyLength < 0 || bodyLength != in.remaining()) {
        throw new MalformedEntryException("body length does not match the remaining bytes");
      }
      byte[] body = new byte[bodyLength];
      in.get(body);
      if (nanos < 0 || nanos > 999_999_999 || nanos % 1000 != 0) {
        throw new MalformedEntryException("recordedAt nanos out of range: " + nanos);
      }
      return new EntryDraft(
          kind, Instant.ofEpochSecond(seconds, nanos), team, namespace, outcome, subject, body);
    } catch (BufferUnderflowException e) {
      throw new MalformedEntryException("entry truncated");
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new MalformedEntryException("invalid field: " + e.getMessage());
    }
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("string longer than 65535 bytes");
    }
    out.write(b.length >>> 8);
    out.write(b.length);
    out.writeBytes(b);
  }

  private static void writeOptional(ByteArrayOutputStream out, String s) {
    if (s == null) {
      out.write(0);
    } else {
      out.write(1);
      writeString(out, s);
    }
  }

  private static void writeLong(ByteArrayOutputStream out, long v) {
    out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(v).array());
  }

  private static String readString(ByteBuffer in) throws MalformedEntryException {
    int length = Short.toUnsignedInt(in.getShort());
    byte[] b = new byte[length];
    in.get(b);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEntryException("invalid UTF-8 in a string field");
    }
  }

  private static String readOptional(ByteBuffer in) throws MalformedEntryException {
    int flag = Byte.toUnsignedInt(in.get());
    return switch (flag) {
      case 0 -> null;
      case 1 -> readString(in);
      default -> throw new MalformedEntryException("invalid presence flag " + flag);
    };
  }
}
