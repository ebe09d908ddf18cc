package org.meanfield.observe;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The distribution of one phase's wall times over a run, in milliseconds.
 *
 * @param count times recorded
 * @param meanMs mean
 * @param p50Ms median
 * @param p90Ms 90th percentile
 * @param p99Ms 99th percentile
 * @param p999Ms 99.9th percentile
 * @param maxMs longest
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PhasePercentiles(long count, double meanMs, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
        double maxMs) {
}
