package org.meanfield.run;

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
import java.util.Locale;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

import org.meanfield.model.Particles;

/**
 * The checkpoint file, {@code checkpoint.bin}: a versioned binary file, big-endian throughout.
 *
 * <pre>
 * preamble   magic        8 bytes  89 4D 46 43 4B 50 54 0A  ("\x89MFCKPT\n")
 *            version      int32    1
 *            length       int64    bytes in the whole file, CRC included
 * run        d, n, z_dim  int32 x3
 *            unit, dynamics, kernel   strings (uint16 length + modified UTF-8)
 *            alpha, dt, temperature, sigma_c   float64 x4
 *            batch, sample, test_size          int32 x3
 *            seed, target_seed, eval_every     int64 x3
 *            target checksum                   int32 (CRC32C of the target's coefficients)
 * state      step int64, t float64, sampler state int64, batch-loss sum float64,
 *            batch-loss count int64, metrics rows int64, metrics bytes int64, wall seconds float64
 * particles  c[0..n) float64, then z[j*n + i] for j in [0, z_dim), i in [0, n), float64
 * trailer    CRC32C int32 of every byte before it
 * </pre>
 *
 * <p>The first magic byte is not ASCII, so a text file never passes for a checkpoint. The reader
 * checks, in order, the magic, the version, the declared length against the file's and the CRC
 * before it trusts any other field; each failure is a {@link CheckpointException} that
 * names the file and the reason. Files are written with {@link AtomicFiles} and streamed, so a
 * checkpoint may exceed what one array holds.
 */
public final class CheckpointFormat {
    /** The current format version; others are refused. */
    public static final int VERSION = 1;
    /** Bytes of magic, version and length. */
    public static final int PREAMBLE = 8 + 4 + 8;
    private static final byte[] MAGIC = {(byte) 0x89, 'M', 'F', 'C', 'K', 'P', 'T', '\n'};
    private static final int TRAILER = 4;
    private static final int CHUNK = 1 << 16;

    private CheckpointFormat() {
    }

    /** Writes {@code checkpoint} to {@code file} atomically: the previous file stays until this one is complete. */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        byte[] head = head(checkpoint);
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
    private static byte[] head(Checkpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        RunFingerprint r = c.run();
        out.writeInt(r.d());
        out.writeInt(r.n());
        out.writeInt(r.zDim());
        out.writeUTF(r.unit());
        out.writeUTF(r.dynamics());
        out.writeUTF(r.kernel());
        out.writeDouble(r.alpha());
        out.writeDouble(r.dt());
        out.writeDouble(r.temperature());
        out.writeDouble(r.sigmaC());
        out.writeInt(r.batch());
        out.writeInt(r.sample());
        out.writeInt(r.testSize());
        out.writeLong(r.seed());
        out.writeLong(r.targetSeed());
        out.writeLong(r.evalEvery());
        out.writeInt(r.targetChecksum());
        out.writeLong(c.step());
        out.writeDouble(c.t());
        out.writeLong(c.samplerState());
        out.writeDouble(c.batchSum());
        out.writeLong(c.batchCount());
        out.writeLong(c.metrics().rows());
        out.writeLong(c.metrics().bytes());
        out.writeDouble(c.wallSeconds());
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
            if (version != VERSION) {
                throw new CheckpointException(file, "has format version " + version + "; this build reads version "
                        + VERSION);
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
            return parse(file, new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), CHUNK)),
                    size);
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
    private static Checkpoint parse(Path file, DataInputStream in, long size) throws IOException {
        int d = in.readInt();
        int n = in.readInt();
        int zDim = in.readInt();
        String unit = in.readUTF();
        String dynamics = in.readUTF();
        String kernel = in.readUTF();
        RunFingerprint run = new RunFingerprint(d, n, zDim, unit, dynamics, kernel, in.readDouble(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
                in.readLong(), in.readLong(), in.readInt());
        long step = in.readLong();
        double t = in.readDouble();
        long samplerState = in.readLong();
        double batchSum = in.readDouble();
        long batchCount = in.readLong();
        MetricsLog.Position metrics = new MetricsLog.Position(in.readLong(), in.readLong());
        double wallSeconds = in.readDouble();
        Checkpoint state = new Checkpoint(run, step, t, samplerState, batchSum, batchCount, metrics, wallSeconds, null);
        // The head's length, measured by writing it again: the particles must fill the rest exactly.
        long head = PREAMBLE + head(state).length;
        if (n < 1 || zDim < 1 || step < 0 || metrics.rows() < 0 || metrics.bytes() < 0
                || head + particleBytes(n, zDim) + TRAILER != size) {
            throw new CheckpointException(file, "is inconsistent: n = " + n + ", z_dim = " + zDim
                    + " do not fit its length of " + size + " bytes");
        }
        Particles particles = new Particles(n, zDim);
        ByteBuffer scratch = ByteBuffer.allocate(CHUNK);
        readDoubles(in, particles.c(), scratch);
        readDoubles(in, particles.z(), scratch);
        return new Checkpoint(run, step, t, samplerState, batchSum, batchCount, metrics, wallSeconds, particles);
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
