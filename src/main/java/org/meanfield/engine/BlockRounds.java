package org.meanfield.engine;

import java.util.Arrays;

/**
 * The order in which the symmetric blocked pair sums (exact GD, the kernel flow) visit the pairs of
 * particle blocks: rounds in which every block appears at most once, so the tiles of a round can run
 * in parallel without two writing one block, and a fixed order, so the sums are the same whatever
 * the thread count.
 */
public final class BlockRounds {
    private BlockRounds() {
    }

    /**
     * The round-robin schedule of the block pairs (a, b), a &lt; b: {@code [0][r][p]} and
     * {@code [1][r][p]} are the blocks of the p-th tile of round r. Circle method: with B' = B rounded
     * up to even, block B' - 1 stays put and the others rotate; a pair with the dummy block B (B odd) is
     * a bye and left out.
     */
    public static int[][][] of(int blocks) {
        int even = blocks + (blocks & 1);
        int count = Math.max(0, even - 1);
        int[][] first = new int[count][];
        int[][] second = new int[count][];
        for (int r = 0; r < count; r++) {
            int[] a = new int[even / 2];
            int[] b = new int[even / 2];
            int tiles = 0;
            for (int p = 0; p < even / 2; p++) {
                int x = p == 0 ? even - 1 : (r + p) % (even - 1);
                int y = p == 0 ? r : (r - p + even - 1) % (even - 1);
                if (x >= blocks || y >= blocks) {
                    continue;
                }
                a[tiles] = Math.min(x, y);
                b[tiles] = Math.max(x, y);
                tiles++;
            }
            first[r] = Arrays.copyOf(a, tiles);
            second[r] = Arrays.copyOf(b, tiles);
        }
        return new int[][][] {first, second};
    }
}
