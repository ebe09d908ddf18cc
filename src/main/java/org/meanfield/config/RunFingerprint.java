package org.meanfield.config;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;

/**
 * What fixes a run's trajectory, as a checkpoint records it: the canonical text of every
 * {@link Param.Role#TRAJECTORY} parameter, by key, and three facts derived from the config and the
 * build: {@value #Z_DIM}, {@value #ENGINE} (the implementation that steps the particles: the vector
 * engine keeps float32 particles, the scalar one doubles) and {@value #TARGET_CHECKSUM} (the target
 * is a function of its seed, and this catches a build that would draw different coefficients). A
 * checkpoint continues only the run whose fingerprint it carries. The run's length and thread count
 * are not part of it: a run may be extended, and results do not depend on the threads.
 *
 * @param fields the entries, in table order, then the derived ones
 */
public record RunFingerprint(Map<String, String> fields) {
    /** Parameters z per particle. */
    public static final String Z_DIM = "z_dim";
    /** The implementation that ran. */
    public static final String ENGINE = "engine";
    /** CRC32C of the target's coefficients, as eight hex digits. */
    public static final String TARGET_CHECKSUM = "target_checksum";

    /** Copies {@code fields}, keeping their order. */
    public RunFingerprint {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The fingerprint of {@code config} stepped by the implementation labelled {@code engine}, whose target is {@code target}. */
    public static RunFingerprint of(RunConfig config, String engine, ThreeSpinTarget target) {
        Map<String, String> fields = new LinkedHashMap<>(config.table().trajectory(config));
        fields.put(Z_DIM, Integer.toString(Unit.of(config.unit(), config.alpha()).zDim(config.d())));
        fields.put(ENGINE, engine);
        fields.put(TARGET_CHECKSUM, String.format(Locale.ROOT, "%08x", checksum(target)));
        return new RunFingerprint(fields);
    }

    /**
     * The fingerprint of {@code config} run by {@code engine}, without building the engine (the target
     * is drawn again to checksum it).
     */
    public static RunFingerprint of(RunConfig config, String engine) {
        return of(config, engine, new ThreeSpinTarget(config.d(), config.targetSeed()));
    }

    /** The implementation that ran. */
    public String engine() {
        return fields.get(ENGINE);
    }

    /** The canonical text of field {@code key}, or null. */
    public String get(String key) {
        return fields.get(key);
    }

    /** The integer field {@code key} (d, n, z_dim), or -1 when it is missing or not an integer. */
    public int count(String key) {
        try {
            return Integer.parseInt(fields.getOrDefault(key, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** CRC32C of the target's compact coefficients, as big-endian IEEE doubles. */
    static int checksum(ThreeSpinTarget target) {
        double[] weights = target.weights();
        ByteBuffer bytes = ByteBuffer.allocate(weights.length * Double.BYTES);
        bytes.asDoubleBuffer().put(weights);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /**
     * Each field that differs, as "dt is 0.1 {here} but 0.05 {there}" (a field one side lacks is
     * "absent"); empty when they match.
     */
    public List<String> differences(RunFingerprint other, String here, String there) {
        Set<String> keys = new LinkedHashSet<>(fields.keySet());
        keys.addAll(other.fields.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            String mine = fields.getOrDefault(key, "absent");
            String theirs = other.fields.getOrDefault(key, "absent");
            if (!mine.equals(theirs)) {
                out.add(key + " is " + mine + " " + here + " but " + theirs + " " + there);
            }
        }
        return out;
    }
}
