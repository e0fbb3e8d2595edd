package io.northstar.nstar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Counts the bytes read from an NPK and draws a progress bar on a terminal.
 * Redraws at most every 100 ms so that a fast local install is not slowed down.
 */
final class Progress extends FilterInputStream {
    private static final int WIDTH = 30;
    private final PrintStream terminal;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private long lastDraw;

    Progress(InputStream in, PrintStream terminal, String label, long total) {
        super(in);
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastDraw > 100_000_000L || done == total) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        terminal.printf("\r%s [%s%s] %3d%% %6.1f MiB/s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                total == 0 ? 100 : 100 * done / total, done / seconds / (1 << 20));
        terminal.flush();
    }

    /** Ends the bar's line. */
    void finish() {
        draw(System.nanoTime());
        terminal.println();
    }
}
