package org.meanfield.folder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

import org.meanfield.config.RunFingerprint;
import org.meanfield.model.Particles;

/**
 * The checkpoint file, {@code checkpoint.bin}: a versioned binary file, big-endian throughout.
 *
 * <pre>
 * preamble   magic        8 bytes  89 4D 46 43 4B 50 54 0A  ("\x89MFCKPT\n")
 *            version      int32    3
 *            length       int64    bytes in the whole file, CRC included
 * run        count int32, then count pairs (key, value) of strings (uint16 length + modified UTF-8):
 *            the {@link RunFingerprint}, every trajectory parameter by its config.json key in its
 *            canonical text, then z_dim, engine and target_checksum
 * state      step int64, t float64, sampler state int64, batch-loss sum float64,
 *            batch-loss count int64, metrics rows int64, metrics bytes int64,
 *            metrics CRC32C int64 (of those bytes), wall seconds float64, phase int32 (the phase
 *            of the next step)
 * particles  c[0..n) float64, then z[j*n + i] for j in [0, z_dim), i in [0, n), float64
 * trailer    CRC32C int32 of every byte before it
 * </pre>
 *
 * <p>Because the run is written as named fields, a parameter added to {@link org.meanfield.config.Params}
 * needs no change here. Version 1 (meanfield 0.1) wrote the same fields in a fixed binary layout
 * and no metrics CRC; it is still read ({@link #parseVersion1}), its fields mapped to the same keys,
 * so runs stopped under 0.1 resume. Version 2 lacked the phase, which its step and the config
 * say ({@link Checkpoint#UNKNOWN_PHASE}); it is read too. Checkpoints are always written as version 3.
 *
 * <p>The first magic byte is not ASCII, so a text file never passes for a checkpoint. The reader
 * checks, in order, the magic, the version, the declared length against the file's and the CRC
 * before it trusts any other field; each failure is a {@link CheckpointException} that
 * names the file and the reason. Files are written with {@link AtomicFiles} and streamed, so a
 * checkpoint may exceed what one array holds.
 */
public final class CheckpointFormat {
    /** The version this build writes; it reads this one, {@link #VERSION_2} and {@link #VERSION_1}, and refuses others. */
    public static final int VERSION = 3;
    /** Version 3 without the phase. */
    public static final int VERSION_2 = 2;
    /** The fixed binary layout of meanfield 0.1. */
    public static final int VERSION_1 = 1;
    /** Bytes of magic, version and length. */
    public static final int PREAMBLE = 8 + 4 + 8;
    private static final byte[] MAGIC = {(byte) 0x89, 'M', 'F', 'C', 'K', 'P', 'T', '\n'};
    private static final int TRAILER = 4;
    /** Bytes of version 1's run and state fields, its three strings' characters aside. */
    private static final int VERSION_1_HEAD = 3 * 4 + 3 * 2 + 4 * 8 + 3 * 4 + 3 * 8 + 4 + 8 * 8;
    private static final int CHUNK = 1 << 16;

    private CheckpointFormat() {
    }

    /** Writes {@code checkpoint} to {@code file} atomically: the previous file stays until this one is complete. */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        byte[] head = head(checkpoint, VERSION);
        Particles particles = checkpoint.particles();
        long total = PREAMBLE + head.length + particleBytes(particles.n(), particles.zDim()) + TRAILER;
        AtomicFiles.write(file, raw -> {
            CRC32C crc = new CRC32C();
            // Not closed: that would close the file before it is forced to disk.
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), CHUNK));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(total);
            out.write(head);
            ByteBuffer scratch = ByteBuffer.allocate(CHUNK);
            writeDoubles(out, particles.c(), scratch);
            writeDoubles(out, particles.z(), scratch);
            out.flush();
            raw.write(ByteBuffer.allocate(TRAILER).putInt((int) crc.getValue()).array());
        });
    }

    /** The run and state fields, between the preamble and the particles. */
    private static byte[] head(Checkpoint c, int version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        DataOutputStream out = new DataOutputStream(bytes);
        Map<String, String> fields = c.run().fields();
        out.writeInt(fields.size());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            out.writeUTF(field.getKey());
            out.writeUTF(field.getValue());
        }
        out.writeLong(c.step());
        out.writeDouble(c.t());
        out.writeLong(c.samplerState());
        out.writeDouble(c.batchSum());
        out.writeLong(c.batchCount());
        out.writeLong(c.metrics().rows());
        out.writeLong(c.metrics().bytes());
        out.writeLong(c.metrics().crc());
        out.writeDouble(c.wallSeconds());
        if (version >= VERSION) {
            out.writeInt(c.phase());
        }
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * Reads and verifies {@code file}.
     *
     * @throws CheckpointException if it is missing, unreadable, truncated, corrupt, foreign or of
     *     another version
     */
    public static Checkpoint read(Path file) throws CheckpointException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < MAGIC.length) {
                throw new CheckpointException(file, size == 0 ? "is empty"
                        : "is truncated: " + size + " bytes, fewer than any checkpoint has");
            }
            ByteBuffer preamble = ByteBuffer.allocate((int) Math.min(size, PREAMBLE));
            readFully(channel, preamble, 0);
            preamble.flip();
            byte[] magic = new byte[MAGIC.length];
            preamble.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CheckpointException(file, "is not a meanfield checkpoint (unknown magic bytes)");
            }
            if (size < PREAMBLE + TRAILER) {
                throw new CheckpointException(file, "is truncated: " + size + " bytes, fewer than any checkpoint has");
            }
            int version = preamble.getInt();
            if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
                throw new CheckpointException(file, "has format version " + version + "; this build reads versions "
                        + VERSION_1 + " to " + VERSION + " (a newer meanfield wrote it)");
            }
            long declared = preamble.getLong();
            if (size < declared) {
                throw new CheckpointException(file, "is truncated: " + size + " of the " + declared
                        + " bytes its header declares");
            }
            if (size > declared) {
                throw new CheckpointException(file, "is corrupt: " + size + " bytes, but its header declares "
                        + declared);
            }
            int computed = crc(channel, size - TRAILER);
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
            readFully(channel, trailer, size - TRAILER);
            int stored = trailer.flip().getInt();
            if (stored != computed) {
                throw new CheckpointException(file, String.format(Locale.ROOT,
                        "is corrupt: CRC32C %08x does not match the stored %08x", computed, stored));
            }
            channel.position(PREAMBLE);
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), CHUNK));
            return parse(file, version, in, size);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "does not exist");
        } catch (EOFException e) {
            throw new CheckpointException(file, "is truncated");
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }

    /** The fields after the preamble; the CRC has passed, so only a bug could make them inconsistent. */
    private static Checkpoint parse(Path file, int version, DataInputStream in, long size) throws IOException {
        RunFingerprint run = version == VERSION_1 ? parseVersion1(in) : parseRun(file, in);
        long step = in.readLong();
        double t = in.readDouble();
        long samplerState = in.readLong();
        double batchSum = in.readDouble();
        long batchCount = in.readLong();
        long rows = in.readLong();
        long bytes = in.readLong();
        long crc = version == VERSION_1 ? MetricsLog.Position.UNKNOWN_CRC : in.readLong();
        MetricsLog.Position metrics = new MetricsLog.Position(rows, bytes, crc);
        double wallSeconds = in.readDouble();
        int phase = version >= VERSION ? in.readInt() : Checkpoint.UNKNOWN_PHASE;
        int n = run.count("n");
        int zDim = run.count(RunFingerprint.Z_DIM);
        Checkpoint state = new Checkpoint(run, step, t, samplerState, batchSum, batchCount, metrics, wallSeconds, null,
                phase);
        // The head's length, measured by writing it again (version 1's by its fixed layout): the
        // particles must fill the rest exactly.
        long head = PREAMBLE + (version == VERSION_1 ? VERSION_1_HEAD + utfBytes(run) : head(state, version).length);
        if (n < 1 || zDim < 1 || step < 0 || rows < 0 || bytes < 0 || phase < Checkpoint.UNKNOWN_PHASE
                || head + particleBytes(n, zDim) + TRAILER != size) {
            throw new CheckpointException(file, "is inconsistent: n = " + n + ", z_dim = " + zDim
                    + " do not fit its length of " + size + " bytes");
        }
        Particles particles = new Particles(n, zDim);
        ByteBuffer scratch = ByteBuffer.allocate(CHUNK);
        readDoubles(in, particles.c(), scratch);
        readDoubles(in, particles.z(), scratch);
        return new Checkpoint(run, step, t, samplerState, batchSum, batchCount, metrics, wallSeconds, particles, phase);
    }

    private static RunFingerprint parseRun(Path file, DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1024) {
            throw new CheckpointException(file, "is inconsistent: it declares " + count + " run fields");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            fields.put(in.readUTF(), in.readUTF());
        }
        return new RunFingerprint(fields);
    }

    /**
     * Version 1's run fields, under the keys and in the canonical text version 2 uses: d, n, z_dim
     * int32; unit, dynamics, kernel (the engine that ran) strings; alpha, dt, temperature, sigma_c
     * float64; batch, sample, test_size int32; seed, target_seed, eval_every int64; target checksum
     * int32. The kernel choice was not recorded: the engine's name was. Parameters added since take
     * the value that reproduces 0.1's behaviour (noise_stop 0: the noise never stops).
     */
    private static RunFingerprint parseVersion1(DataInputStream in) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("d", Integer.toString(in.readInt()));
        v.put("n", Integer.toString(in.readInt()));
        v.put(RunFingerprint.Z_DIM, Integer.toString(in.readInt()));
        v.put("unit", in.readUTF());
        v.put("dynamics", in.readUTF());
        v.put(RunFingerprint.ENGINE, in.readUTF());
        for (String key : new String[] {"alpha", "dt", "temperature", "sigma_c"}) {
            v.put(key, Double.toString(in.readDouble()));
        }
        for (String key : new String[] {"batch", "sample", "test_size"}) {
            v.put(key, Integer.toString(in.readInt()));
        }
        for (String key : new String[] {"seed", "target_seed", "eval_every"}) {
            v.put(key, Long.toString(in.readLong()));
        }
        v.put(RunFingerprint.TARGET_CHECKSUM, String.format(Locale.ROOT, "%08x", in.readInt()));
        v.put("noise_stop", "0.0"); // 0.1 had no noise stop: its noise never stopped
        return new RunFingerprint(v);
    }

    /** Bytes the three modified-UTF-8 strings of a version-1 head take (ASCII names: one byte a char). */
    private static int utfBytes(RunFingerprint run) {
        return run.fields().get("unit").length() + run.fields().get("dynamics").length()
                + run.engine().length();
    }

    private static long particleBytes(int n, int zDim) {
        return (long) Double.BYTES * n * (1L + zDim);
    }

    private static int crc(FileChannel channel, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < length;) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
            readFully(channel, buffer, at);
            at += buffer.flip().remaining();
            crc.update(buffer);
        }
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException();
            }
            at += read;
        }
    }

    private static void writeDoubles(OutputStream out, double[] values, ByteBuffer scratch) throws IOException {
        int perChunk = scratch.capacity() / Double.BYTES;
        for (int off = 0; off < values.length; off += perChunk) {
            int count = Math.min(perChunk, values.length - off);
            scratch.clear().asDoubleBuffer().put(values, off, count);
            out.write(scratch.array(), 0, count * Double.BYTES);
        }
    }

    private static void readDoubles(DataInputStream in, double[] values, ByteBuffer scratch) throws IOException {
        int perChunk = scratch.capacity() / Double.BYTES;
        for (int off = 0; off < values.length; off += perChunk) {
            int count = Math.min(perChunk, values.length - off);
            in.readFully(scratch.array(), 0, count * Double.BYTES);
            scratch.clear().asDoubleBuffer().get(values, off, count);
        }
    }
}
