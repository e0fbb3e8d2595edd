package io.northstar.runtime.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemon's SLF4J provider (META-INF/services): lines in the {@link LineLayout} of stdout,
 * levels from {@code NORTHSTAR_LOG} ({@link LogLevels}). A handful of classes where logback with
 * its XML configuration loaded some 500 before the first line (docs/performance.md). No MDC: the
 * runtime names what a line is about in the line.
 */
public final class LogProvider implements SLF4JServiceProvider, ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private IMarkerFactory markers;
    private MDCAdapter mdc;
    private LogLevels levels;
    private LogOutput output;

    @Override
    public void initialize() {
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
        levels = LogLevels.parse(System.getenv("NORTHSTAR_LOG"), System.err::println);
        output = new LogOutput(LineLayout.forStdout());
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new DaemonLogger(n, levels.threshold(n), output));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
