package org.meanfield.run;

/** A step produced a non-finite loss: the run stops rather than write wrong numbers. */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DivergenceException(String message) {
        super(message);
    }
}
