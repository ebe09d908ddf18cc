package org.meanfield.report;

/** Makes AWT headless before it loads: reports are drawn on servers without a display. */
final class Headless {
    private Headless() {
    }

    /**
     * Sets {@code java.awt.headless} unless the user chose otherwise. AWT reads it once, when its
     * graphics environment starts, so this runs before any chart class is touched.
     */
    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
